<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout; section>
<!-- template: twofold-passkey-nudge.ftl -->
  <#if section = "header">
    ${msg("twofoldPasskeyNudgeTitle")}
  <#elseif section = "form">
    <form id="kc-twofold-passkey-nudge-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
      <p id="twofold-passkey-nudge-text">${msg("twofoldPasskeyNudgeText")}</p>
      <@tf.actions>
        <@tf.primary id="twofold-add-passkey" name="addPasskey" label="twofoldPasskeyNudgeYes"/>
        <@tf.secondary id="twofold-passkey-later" name="later" label="twofoldPasskeyNudgeNo"/>
      </@tf.actions>
    </form>
  </#if>
</@layout.registrationLayout>
