<#import "template.ftl" as layout>
<#import "twofold-macros.ftl" as tf>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: twofold-sms-code.ftl -->
  <#if section = "header">
    ${msg((twofoldCodeByCall!false)?then("twofoldCallTitle", "twofoldSmsTitle"))}
  <#elseif section = "form">
    <#if !(twofoldLocked!false)>
      <form id="kc-twofold-sms-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate>
        <#-- No code field while no code was sent (gateway down, budget spent): the message and
             "Try another way" say what to do. No resend while SMS is suspended for the day. -->
        <#if twofoldCodeSent!false>
          <p id="twofold-instruction">${msg((twofoldCodeByCall!false)?then("twofoldCallInstruction", "twofoldSmsInstruction"), twofoldCodeLength?c, twofoldPhone)}</p>
          <@tf.codeInput name="code" label=msg("twofoldCodeLabel") length=(twofoldCodeLength + 4)/>
          <@tf.trustOffer/>
          <@tf.actions>
            <@tf.primary id="kc-login" name="login" label="doLogIn"/>
          </@tf.actions>
          <script>
            // WebOTP: a phone's browser that has it offers the code of an SMS ending with "@<this host> #<code>"
            (function () {
              if (!('OTPCredential' in window)) { return; }
              var form = document.getElementById('kc-twofold-sms-form');
              var input = document.getElementById('code');
              var stop = new AbortController();
              form.addEventListener('submit', function () { stop.abort(); });
              navigator.credentials.get({otp: {transport: ['sms']}, signal: stop.signal}).then(function (otp) {
                if (otp && otp.code && input && !input.value) { input.value = otp.code; document.getElementById('kc-login').click(); }
              }).catch(function () {});
            })();
          </script>
        </#if>
        <#if !(twofoldSmsSuspended!false)>
          <@tf.resend waitSeconds=twofoldResendIn call=(twofoldCallOffered!false)/>
        </#if>
      </form>
    </#if>
  </#if>
</@layout.registrationLayout>
