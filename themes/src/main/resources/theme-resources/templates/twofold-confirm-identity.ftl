<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout; section>
<!-- template: twofold-confirm-identity.ftl -->
  <#if section = "header">
    ${msg("twofoldConfirmIdentityTitle")}
  <#elseif section = "form">
    <form id="kc-twofold-confirm-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
      <p id="twofold-confirm-text">${msg("twofoldConfirmIdentityText", (twofoldFreshSeconds / 60)?int?c)}</p>
      <@tf.actions>
        <a id="twofold-sign-in-again" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" href="${twofoldReauthenticateUrl}">${msg("twofoldSignInAgain")}</a>
        <@tf.cancelAia/>
      </@tf.actions>
    </form>
  </#if>
</@layout.registrationLayout>
