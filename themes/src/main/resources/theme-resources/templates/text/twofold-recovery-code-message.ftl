<#ftl output_format="plainText">
${msg("twofoldRecoveryCodeIntro", realmName)}

${code}

${msg("twofoldEmailCodeExpires", minutes)}

${msg("twofoldRecoveryCodeAdvice")}

${msg("twofoldNoticeNotMeText")}
${notMeUrl}

${msg("twofoldNoticeFooter", realmName)}
