<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: twofold-email-code.ftl -->
  <#if section = "header">
    ${msg("twofoldEmailCodeTitle")}
  <#elseif section = "form">
    <#if !(twofoldLocked!false) && !(twofoldNotOffered!false)>
      <form id="kc-twofold-email-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
        <#-- No code field while no code was sent (mail server down, budget spent): the message and
             "Try another way" say what to do. -->
        <#if twofoldCodeSent!false>
          <p id="twofold-instruction">${msg("twofoldEmailCodeInstruction", twofoldCodeLength?c, twofoldEmail)}</p>
          <@tf.codeInput name="code" label=msg("twofoldCodeLabel") length=(twofoldCodeLength + 4)/>
          <@tf.actions>
            <@tf.primary id="kc-login" name="login" label="doLogIn"/>
          </@tf.actions>
        </#if>
        <@tf.resend waitSeconds=twofoldResendIn/>
      </form>
    </#if>
  </#if>
</@layout.registrationLayout>
