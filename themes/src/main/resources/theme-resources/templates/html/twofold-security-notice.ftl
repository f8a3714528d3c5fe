<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${kcSanitize(msg(noticeKey, noticeParameter))?no_esc}</p>
<p>${kcSanitize(msg("twofoldNoticeWhen", noticeWhen))?no_esc}<br>
${kcSanitize(msg("twofoldNoticeWhere", noticeIp, noticeBrowser))?no_esc}</p>
<p><strong>${kcSanitize(msg(noticeAdvice))?no_esc}</strong></p>
<p>${kcSanitize(msg("twofoldNoticeFooter", realmName))?no_esc}</p>
</@layout.emailLayout>
