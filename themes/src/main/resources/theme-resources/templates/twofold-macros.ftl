<#-- Shared markup of Twofold's pages. Uses the login theme's CSS classes (keycloak.v2 / PatternFly 5)
     with fallbacks, and imports nothing but template.ftl, so it works with any login theme. -->

<#macro codeInput name label length autocomplete="one-time-code" inputmode="numeric" autofocus=true hint="">
  <#assign error = messagesPerField.get(name)>
  <div class="${properties.kcFormGroupClass!}">
    <div class="${properties.kcFormGroupLabelClass!}">
      <label for="${name}" class="${properties.kcFormLabelClass!}"><span class="${properties.kcFormLabelTextClass!}">${label}</span></label>
    </div>
    <span class="${properties.kcInputClass!} <#if error?has_content>${properties.kcError!}</#if>">
      <input id="${name}" name="${name}" type="text" value="" autocomplete="${autocomplete}" inputmode="${inputmode}"
             spellcheck="false" autocapitalize="off" maxlength="${length}" <#if autofocus>autofocus</#if>
             aria-invalid="<#if error?has_content>true<#else>false</#if>" <#if hint?has_content>aria-describedby="${name}-hint"</#if>/>
      <#if error?has_content>
        <span class="${properties.kcFormControlUtilClass!}"><span class="${properties.kcInputErrorIconStatusClass!}"><i class="${properties.kcInputErrorIconClass!}" aria-hidden="true"></i></span></span>
      </#if>
    </span>
    <#if hint?has_content>
      <div class="${properties.kcFormHelperTextClass!}"><div class="${properties.kcInputHelperTextClass!}"><div class="${properties.kcInputHelperTextItemClass!}" id="${name}-hint">${hint}</div></div></div>
    </#if>
    <@fieldError name=name error=error/>
  </div>
</#macro>

<#macro fieldError name error>
  <div id="input-error-container-${name}">
    <#if error?has_content>
      <div class="${properties.kcFormHelperTextClass!}" aria-live="polite">
        <div class="${properties.kcInputHelperTextClass!}">
          <div class="${properties.kcInputHelperTextItemClass!} ${properties.kcError!}" id="input-error-${name}">
            <span class="${properties.kcInputErrorMessageClass!}">${kcSanitize(error)?no_esc}</span>
          </div>
        </div>
      </div>
    </#if>
  </div>
</#macro>

<#-- "Don't ask again on this browser for N days": only where the realm offers it (twofoldTrustDays). -->
<#macro trustOffer>
  <#if twofoldTrustDays??>
    <div class="${properties.kcFormGroupClass!}">
      <div class="${properties.kcCheckboxClass!} pf-v5-c-check">
        <input class="${properties.kcCheckboxInputClass!} pf-v5-c-check__input" type="checkbox" id="trustBrowser" name="trustBrowser" value="on"/>
        <label class="pf-v5-c-check__label" for="trustBrowser">${msg("twofoldTrustBrowser", twofoldTrustDays?c)}</label>
      </div>
    </div>
  </#if>
</#macro>

<#macro actions>
  <div class="${properties.kcFormGroupClass!}">
    <div class="${properties.kcFormActionGroupClass!} pf-v5-u-flex-wrap">
      <#nested>
    </div>
  </div>
</#macro>

<#macro primary id name label>
  <button class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}" type="submit" id="${id}" name="${name}" value="true">${msg(label)}</button>
</#macro>

<#macro secondary id name label>
  <button class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" id="${id}" name="${name}" value="true">${msg(label)}</button>
</#macro>

<#-- Keycloak's own "Cancel" for application-initiated actions (kc_action); Keycloak handles cancel-aia. -->
<#macro cancelAia>
  <#if isAppInitiatedAction??>
    <button class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}" type="submit" id="cancelTOTPBtn" name="cancel-aia" value="true" formnovalidate>${msg("doCancel")}</button>
  </#if>
</#macro>

<#-- "Send a new code" with a visible countdown; works without JavaScript (the server enforces the wait). -->
<#macro resend waitSeconds call=false>
  <button class="${properties.kcButtonLinkClass!}" type="submit" id="twofold-resend" name="resend" value="true" formnovalidate
          <#if waitSeconds gt 0>disabled data-wait="${waitSeconds?c}"</#if>>${msg("twofoldResend")}</button>
  <#if call>
  <button class="${properties.kcButtonLinkClass!}" type="submit" id="twofold-call" name="call" value="true" formnovalidate
          <#if waitSeconds gt 0>disabled</#if>>${msg("twofoldCallMe")}</button>
  </#if>
  <p id="twofold-resend-wait" class="${properties.kcLoginMainFooterHelperText!}" aria-live="polite"
     data-template="${msg("twofoldResendWait", "{0}")}" <#if waitSeconds lte 0>hidden</#if>>
    ${msg("twofoldResendWait", waitSeconds?c)}
  </p>
  <script>
    (function () {
      var button = document.getElementById("twofold-resend");
      var call = document.getElementById("twofold-call");
      var note = document.getElementById("twofold-resend-wait");
      var left = parseInt(button.getAttribute("data-wait") || "0", 10);
      var template = note.getAttribute("data-template");
      if (!(left > 0)) { return; }
      var timer = setInterval(function () {
        left -= 1;
        if (left <= 0) {
          clearInterval(timer);
          button.disabled = false;
          if (call) { call.disabled = false; }
          note.hidden = true;
        } else {
          note.textContent = template.replace("{0}", left);
        }
      }, 1000);
    })();
  </script>
</#macro>
