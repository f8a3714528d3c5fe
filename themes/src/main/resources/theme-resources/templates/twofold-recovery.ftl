<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: twofold-recovery.ftl -->
  <#if section = "header">
    <#if twofoldRecoveryWaiting!false>${msg("twofoldRecoveryWaitingTitle")}<#else>${msg("twofoldRecoveryTitle")}</#if>
  <#elseif section = "form">
    <#if twofoldRecoveryWaiting!false>
      <#-- The waiting period runs: nothing to type, nothing is sent. -->
      <div id="twofold-recovery-waiting">
        <#if twofoldRecoveryJustStarted!false><p id="twofold-recovery-started">${msg("twofoldRecoveryStartedInfo", twofoldEmail)}</p></#if>
        <p id="twofold-recovery-ready-at">${msg("twofoldRecoveryWaitingInfo", twofoldRecoveryReadyAt)}</p>
        <p>${msg("twofoldRecoveryWaitingCancel")}</p>
      </div>
    <#elseif !(twofoldLocked!false) && !(twofoldNotOffered!false)>
      <form id="kc-twofold-recovery-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
        <p id="twofold-recovery-explain"><#if twofoldRecoveryReady!false>${msg("twofoldRecoveryReadyExplain")}<#else>${msg("twofoldRecoveryExplain", twofoldRecoveryWaitHours?c)}</#if></p>
        <#if twofoldCodeSent!false>
          <p id="twofold-instruction">${msg("twofoldEmailCodeInstruction", twofoldCodeLength?c, twofoldEmail)}</p>
          <@tf.codeInput name="code" label=msg("twofoldCodeLabel") length=(twofoldCodeLength + 4)/>
          <@tf.actions>
            <@tf.primary id="kc-login" name="login" label="twofoldRecoveryContinue"/>
          </@tf.actions>
        </#if>
        <@tf.resend waitSeconds=twofoldResendIn/>
      </form>
    </#if>
  </#if>
</@layout.registrationLayout>
