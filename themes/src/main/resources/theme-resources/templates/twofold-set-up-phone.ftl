<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('phone'); section>
<!-- template: twofold-set-up-phone.ftl -->
  <#if section = "header">
    <#if twofoldReplacing!false>${msg("twofoldReplacePhoneTitle")}<#else>${msg("twofoldSetUpPhoneTitle")}</#if>
  <#elseif section = "form">
    <form id="kc-twofold-phone-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
      <p id="twofold-phone-intro">${msg("twofoldSetUpPhoneIntro")}</p>
      <#assign hint><#if twofoldDefaultRegion?has_content>${msg("twofoldPhoneHelpDefaultRegion", twofoldDefaultRegion)}<#else>${msg("twofoldPhoneHelp")}</#if></#assign>
      <@tf.codeInput name="phone" label=msg("twofoldPhoneLabel") length=32 autocomplete="tel" inputmode="tel" hint=hint/>
      <@tf.actions>
        <@tf.primary id="twofold-send-code" name="send" label="twofoldSendCode"/>
        <@tf.cancelAia/>
      </@tf.actions>
    </form>
  </#if>
</@layout.registrationLayout>
