<#ftl output_format="plainText">
${msg(noticeKey, noticeParameter)}

${msg("twofoldNoticeWhen", noticeWhen)}
${msg("twofoldNoticeWhere", noticeIp, noticeBrowser)}

${msg(noticeAdvice)}

${msg("twofoldNoticeFooter", realmName)}
