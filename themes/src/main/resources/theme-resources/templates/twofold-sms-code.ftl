<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: twofold-sms-code.ftl -->
  <#if section = "header">
    ${msg("twofoldSmsTitle")}
  <#elseif section = "form">
    <#if !(twofoldLocked!false)>
      <form id="kc-twofold-sms-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
        <#if twofoldCodeSent!false>
          <p id="twofold-instruction">${msg("twofoldSmsInstruction", twofoldCodeLength?c, twofoldPhone)}</p>
        </#if>
        <@tf.codeInput name="code" label=msg("twofoldCodeLabel") length=(twofoldCodeLength + 4)/>
        <@tf.actions>
          <@tf.primary id="kc-login" name="login" label="doLogIn"/>
        </@tf.actions>
        <@tf.resend waitSeconds=twofoldResendIn/>
      </form>
    </#if>
  </#if>
</@layout.registrationLayout>
