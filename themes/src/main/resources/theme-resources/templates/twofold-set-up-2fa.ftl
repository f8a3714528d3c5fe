<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout; section>
<!-- template: twofold-set-up-2fa.ftl -->
  <#if section = "header">
    ${msg("twofoldSetUp2faTitle")}
  <#elseif section = "form">
    <form id="kc-twofold-choose-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
      <p id="twofold-choose-intro">${msg("twofoldSetUp2faIntro")}</p>
      <div class="${properties.kcFormGroupClass!}">
        <#list twofoldMethods as method>
          <button type="submit" name="method" value="${method}" id="twofold-method-${method}" <#if method == "passkey">data-needs-webauthn="true"</#if>
                  class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!} twofold-method"
                  style="text-align:left; white-space:normal; margin-bottom:1rem; padding:1rem;">
            <strong>${msg("twofoldMethodTitle_" + method)}</strong><br>
            <span style="color: var(--pf-v5-global--Color--100, #151515);">${msg("twofoldMethodText_" + method)}</span>
          </button>
        </#list>
      </div>
      <script>
        // A passkey needs WebAuthn: where the browser has none, it is not offered.
        if (!window.PublicKeyCredential) {
          document.querySelectorAll("[data-needs-webauthn]").forEach(function (b) { b.remove(); });
        }
      </script>
      <@tf.actions>
        <@tf.cancelAia/>
      </@tf.actions>
    </form>
  </#if>
</@layout.registrationLayout>
