<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=false; section>
<!-- template: twofold-not-me.ftl -->
  <#if section = "header">
    ${msg("twofoldNotMeTitle")}
  <#elseif section = "form">
    <#if twofoldNotMe.state == "confirm">
      <form id="kc-twofold-not-me-form" class="${properties.kcFormClass!}" action="${twofoldNotMe.action}" method="post">
        <input type="hidden" name="t" value="${twofoldNotMe.token}"/>
        <p id="twofold-not-me-text">${msg(twofoldNotMe.explain!"twofoldNotMeExplain")}</p>
        <ul id="twofold-not-me-steps" class="pf-v5-c-list">
          <li>${msg("twofoldNotMeEndsSessions")}</li>
          <li>${msg("twofoldNotMeEndsTrust")}</li>
          <#if twofoldNotMe.undoes><li id="twofold-not-me-undo">${msg("twofoldNotMeUndoes")}</li></#if>
          <li>${msg("twofoldNotMeHolds")}</li>
        </ul>
        <@tf.actions>
          <@tf.primary id="twofold-not-me-confirm" name="confirm" label="twofoldNotMeConfirm"/>
        </@tf.actions>
      </form>
    <#elseif twofoldNotMe.state == "done">
      <p id="twofold-not-me-result">${msg("twofoldNotMeDone")}</p>
      <#if twofoldNotMe.removed><p id="twofold-not-me-removed">${msg("twofoldNotMeRemoved")}</p></#if>
      <p id="twofold-not-me-hold">${msg("twofoldNotMeHolds")}</p>
      <p><strong>${msg("twofoldNotMeNext")}</strong></p>
    <#elseif twofoldNotMe.state == "used">
      <p id="twofold-not-me-result">${msg("twofoldNotMeUsed")}</p>
    <#elseif twofoldNotMe.state == "expired">
      <p id="twofold-not-me-result">${msg("twofoldNotMeExpired")}</p>
    <#else>
      <p id="twofold-not-me-result">${msg("twofoldNotMeInvalid")}</p>
    </#if>
  </#if>
</@layout.registrationLayout>
