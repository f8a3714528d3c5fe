<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: twofold-backup-code.ftl -->
  <#if section = "header">
    ${msg("twofoldBackupCodeTitle")}
  <#elseif section = "form">
    <#if !(twofoldLocked!false)>
      <form id="kc-twofold-backup-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
        <p id="twofold-instruction">${msg("twofoldBackupCodeInstruction")}</p>
        <@tf.codeInput name="code" label=msg("twofoldBackupCodeLabel") length=40 autocomplete="off" inputmode="text" hint=msg("twofoldBackupCodeHint")/>
        <@tf.trustOffer/>
        <@tf.actions>
          <@tf.primary id="kc-login" name="login" label="doLogIn"/>
        </@tf.actions>
      </form>
    </#if>
  </#if>
</@layout.registrationLayout>
