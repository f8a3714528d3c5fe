<#ftl output_format="HTML">
<#-- Every value is escaped text: nothing a request sends can become markup or a link here; the one link is Twofold's own "this wasn't me" address. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg(noticeKey, noticeParameter)}</p>
<p>${msg("twofoldNoticeWhen", noticeWhen)}<br>
${msg("twofoldNoticeWhere", noticeIp, noticeBrowser)}</p>
<p><strong>${msg(noticeAdvice)}</strong></p>
<#if noticeNotMeUrl??><p><a href="${noticeNotMeUrl}">${msg("twofoldNoticeNotMe")}</a></p></#if>
<p>${msg(noticeFooter!"twofoldNoticeFooter", realmName)}</p>
</@layout.emailLayout>
