<#ftl output_format="HTML">
<#-- Every value is escaped text; the one link is Twofold's own "this wasn't me" address. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg(noticeKey, realmName, readyAt)}</p>
<p><strong>${msg("twofoldRecoveryNoticeAdvice")}</strong></p>
<#if notMeUrl??><p><a href="${notMeUrl}">${msg("twofoldNoticeNotMe")}</a></p></#if>
<p>${msg("twofoldNoticeFooter", realmName)}</p>
</@layout.emailLayout>
