<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: twofold-verify-phone.ftl -->
  <#if section = "header">
    ${msg("twofoldVerifyPhoneTitle")}
  <#elseif section = "form">
    <form id="kc-twofold-verify-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
      <p id="twofold-instruction">${msg("twofoldSmsInstruction", twofoldCodeLength?c, twofoldPhone)}</p>
      <@tf.codeInput name="code" label=msg("twofoldCodeLabel") length=(twofoldCodeLength + 4)/>
      <@tf.actions>
        <@tf.primary id="twofold-verify" name="verify" label="twofoldVerify"/>
        <@tf.secondary id="twofold-change-number" name="change-number" label="twofoldChangeNumber"/>
        <@tf.cancelAia/>
      </@tf.actions>
      <@tf.resend waitSeconds=twofoldResendIn/>
    </form>
  </#if>
</@layout.registrationLayout>
