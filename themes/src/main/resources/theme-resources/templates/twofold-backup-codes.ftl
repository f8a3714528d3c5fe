<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('saved'); section>
<!-- template: twofold-backup-codes.ftl -->
  <#if section = "header">
    <#if twofoldUsedLast>${msg("twofoldBackupCodesUsedLastTitle")}<#elseif twofoldReplacing>${msg("twofoldBackupCodesReplaceTitle")}<#else>${msg("twofoldBackupCodesTitle")}</#if>
  <#elseif section = "form">
    <p id="twofold-backup-intro">${msg("twofoldBackupCodesIntro")}</p>
    <#if twofoldReplacing>
      <p id="twofold-backup-replace">${msg("twofoldBackupCodesReplaceWarning")}</p>
    </#if>
    <div class="${properties.kcPanelClass!}" id="twofold-backup-codes" data-header="${msg("twofoldBackupCodesFileHeader", twofoldRealmName)}"
         data-footer="${msg("twofoldBackupCodesFileFooter")}">
      <ol id="twofold-backup-codes-list" class="${properties.kcListClass!}" role="list"
          style="font-family: monospace; font-size: 0.95em; display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr)); gap: 0.4em 1.5em; list-style-position: inside; white-space: nowrap; padding: 0.75em 1em; margin: 0.5em 0;">
        <#list twofoldCodes as code>
          <li class="twofold-backup-code">${code}</li>
        </#list>
      </ol>
    </div>
    <div class="${properties.kcFormGroupClass!}" style="display: flex; gap: 1em; flex-wrap: wrap;">
      <button id="twofold-copy" class="${properties.kcButtonLinkClass!}" type="button"><i class="fas fa-copy" aria-hidden="true"></i> ${msg("twofoldCopy")}</button>
      <button id="twofold-download" class="${properties.kcButtonLinkClass!}" type="button"><i class="fas fa-download" aria-hidden="true"></i> ${msg("twofoldDownload")}</button>
      <button id="twofold-print" class="${properties.kcButtonLinkClass!}" type="button"><i class="fas fa-print" aria-hidden="true"></i> ${msg("twofoldPrint")}</button>
      <span id="twofold-copied" class="${properties.kcLoginMainFooterHelperText!}" aria-live="polite" hidden>${msg("twofoldCopied")}</span>
    </div>
    <form id="kc-twofold-backup-codes-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
      <div class="${properties.kcFormGroupClass!}">
        <div class="${properties.kcCheckboxClass!}">
          <label for="saved" class="${properties.kcCheckboxLabelClass!}">
            <input class="${properties.kcCheckboxInputClass!}" type="checkbox" id="saved" name="saved" required
                   aria-invalid="<#if messagesPerField.existsError('saved')>true<#else>false</#if>"/>
            ${msg("twofoldBackupCodesSaved")}
          </label>
        </div>
        <@tf.fieldError name="saved" error=messagesPerField.get('saved')/>
      </div>
      <@tf.actions>
        <@tf.primary id="twofold-confirm" name="confirm" label="twofoldContinue"/>
        <@tf.cancelAia/>
      </@tf.actions>
    </form>
    <script>
      (function () {
        var codes = Array.prototype.map.call(document.querySelectorAll("#twofold-backup-codes-list li"), function (li) { return li.textContent.trim(); });
        var panel = document.getElementById("twofold-backup-codes");
        var header = panel.getAttribute("data-header");
        var footer = panel.getAttribute("data-footer");
        function text() {
          return header + "\n\n" + codes.map(function (c, i) { return (i + 1) + ". " + c; }).join("\n") + "\n\n" + footer + "\n" + new Date().toISOString().slice(0, 10) + "\n";
        }
        function copied() {
          document.getElementById("twofold-copied").hidden = false;
        }
        function copyWithSelection() {
          var area = document.createElement("textarea");
          area.value = text();
          document.body.appendChild(area);
          area.select();
          document.execCommand("copy");
          document.body.removeChild(area);
          copied();
        }
        document.getElementById("twofold-copy").addEventListener("click", function () {
          if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text()).then(copied, copyWithSelection);
          } else {
            copyWithSelection();
          }
        });
        document.getElementById("twofold-download").addEventListener("click", function () {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(new Blob([text()], { type: "text/plain;charset=utf-8" }));
          link.download = "backup-codes.txt";
          document.body.appendChild(link);
          link.click();
          document.body.removeChild(link);
        });
        document.getElementById("twofold-print").addEventListener("click", function () {
          window.print();
        });
      })();
    </script>
  </#if>
</@layout.registrationLayout>
