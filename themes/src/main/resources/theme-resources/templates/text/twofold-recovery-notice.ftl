<#ftl output_format="plainText">
${msg(noticeKey, realmName, readyAt)}

${msg("twofoldRecoveryNoticeAdvice")}
<#if notMeUrl??>

${msg("twofoldNoticeNotMeText")}
${notMeUrl}
</#if>

${msg("twofoldNoticeFooter", realmName)}
