<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout; section>
<!-- template: twofold-backup-codes-left.ftl -->
  <#if section = "header">
    ${msg("twofoldBackupCodesLeftTitle")}
  <#elseif section = "form">
    <form id="kc-twofold-backup-left-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
      <p id="twofold-backup-left">${msg("twofoldBackupCodesLeftText", twofoldRemaining?c, twofoldTotal?c)}</p>
      <#if twofoldFewLeft>
        <div class="${properties.kcAlertClass!} pf-m-warning" id="twofold-backup-few-left">
          <div class="${properties.kcAlertIconClass!}"><i class="fas fa-fw fa-exclamation-triangle" aria-hidden="true"></i></div>
          <p class="${properties.kcAlertTitleClass!}">${msg("twofoldBackupCodesFewLeftAdvice")}</p>
        </div>
      </#if>
      <p>${msg("twofoldBackupCodesLeftReplaceHint")}</p>
      <@tf.actions>
        <@tf.primary id="twofold-continue" name="continue" label="twofoldContinue"/>
        <@tf.secondary id="twofold-new-set" name="new-set" label="twofoldBackupCodesCreateSet"/>
      </@tf.actions>
    </form>
  </#if>
</@layout.registrationLayout>
