<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout; section>
<!-- template: twofold-trust-offer.ftl -->
  <#if section = "header">
    ${msg("twofoldTrustOfferTitle")}
  <#elseif section = "form">
    <form id="kc-twofold-trust-offer-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
      <p id="twofold-trust-offer-text">${msg("twofoldTrustOfferText", twofoldTrustDays?c)}</p>
      <@tf.actions>
        <@tf.primary id="twofold-trust" name="trust" label="twofoldTrustOfferYes"/>
        <@tf.secondary id="twofold-not-now" name="notNow" label="twofoldTrustOfferNo"/>
      </@tf.actions>
    </form>
  </#if>
</@layout.registrationLayout>
