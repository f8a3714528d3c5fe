<#ftl output_format="HTML">
<#-- Every value is escaped text; the one link is Twofold's own "this wasn't me" address. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("twofoldRecoveryCodeIntro", realmName)}</p>
<p style="font-size: 1.6em; letter-spacing: 0.2em;"><strong>${code}</strong></p>
<p>${msg("twofoldEmailCodeExpires", minutes)}</p>
<p><strong>${msg("twofoldRecoveryCodeAdvice")}</strong></p>
<p><a href="${notMeUrl}">${msg("twofoldNoticeNotMe")}</a></p>
<p>${msg("twofoldNoticeFooter", realmName)}</p>
</@layout.emailLayout>
