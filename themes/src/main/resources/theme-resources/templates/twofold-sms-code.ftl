<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: twofold-sms-code.ftl -->
  <#if section = "header">
    ${msg("twofoldSmsTitle")}
  <#elseif section = "form">
    <#if !(twofoldLocked!false)>
      <form id="kc-twofold-sms-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
        <#-- No code field while no code was sent (gateway down, budget spent): the message and
             "Try another way" say what to do. No resend while SMS is suspended for the day. -->
        <#if twofoldCodeSent!false>
          <p id="twofold-instruction">${msg("twofoldSmsInstruction", twofoldCodeLength?c, twofoldPhone)}</p>
          <@tf.codeInput name="code" label=msg("twofoldCodeLabel") length=(twofoldCodeLength + 4)/>
          <@tf.trustOffer/>
          <@tf.actions>
            <@tf.primary id="kc-login" name="login" label="doLogIn"/>
          </@tf.actions>
        </#if>
        <#if !(twofoldSmsSuspended!false)>
          <@tf.resend waitSeconds=twofoldResendIn/>
        </#if>
      </form>
    </#if>
  </#if>
</@layout.registrationLayout>
