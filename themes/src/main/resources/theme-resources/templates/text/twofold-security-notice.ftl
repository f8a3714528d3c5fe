<#ftl output_format="plainText">
${msg(noticeKey, noticeParameter)}

${msg("twofoldNoticeWhen", noticeWhen)}
${msg("twofoldNoticeWhere", noticeIp, noticeBrowser)}

${msg(noticeAdvice)}
<#if noticeNotMeUrl??>

${msg("twofoldNoticeNotMeText")}
${noticeNotMeUrl}
</#if>

${msg(noticeFooter!"twofoldNoticeFooter", realmName)}
