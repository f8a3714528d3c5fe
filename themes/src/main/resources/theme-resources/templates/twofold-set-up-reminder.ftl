<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout; section>
<!-- template: twofold-set-up-reminder.ftl -->
  <#if section = "header">
    <#if twofoldPasskeyRequired!false>${msg("twofoldPasskeyReminderTitle")}<#else>${msg("twofoldSetUpReminderTitle")}</#if>
  <#elseif section = "form">
    <form id="kc-twofold-reminder-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
      <p id="twofold-reminder-text"><#if twofoldPasskeyRequired!false>${msg("twofoldPasskeyReminderText")}<#else>${msg("twofoldSetUpReminderText")}</#if></p>
      <#if twofoldGraceUntil??>
        <p id="twofold-grace-left"><strong>${msg("twofoldSetUpReminderGraceUntil", twofoldGraceUntil)}</strong></p>
      <#else>
        <p id="twofold-grace-left"><strong>${msg("twofoldSetUpReminderGrace", twofoldGraceLeft?c)}</strong></p>
      </#if>
      <@tf.actions>
        <@tf.primary id="twofold-set-up-now" name="setup" label="twofoldSetUpNow"/>
        <@tf.secondary id="twofold-later" name="later" label="twofoldSetUpLater"/>
      </@tf.actions>
    </form>
  </#if>
</@layout.registrationLayout>
