<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: twofold-emergency-code.ftl -->
  <#if section = "header">
    ${msg("twofoldEmergencyTitle")}
  <#elseif section = "form">
    <#if !(twofoldLocked!false)>
      <form id="kc-twofold-emergency-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
        <p id="twofold-instruction">${msg("twofoldEmergencyInstruction")}</p>
        <@tf.codeInput name="code" label=msg("twofoldEmergencyLabel") length=40 autocomplete="off" inputmode="text" hint=msg("twofoldEmergencyHint")/>
        <@tf.actions>
          <@tf.primary id="kc-login" name="login" label="doLogIn"/>
        </@tf.actions>
      </form>
    </#if>
  </#if>
</@layout.registrationLayout>
