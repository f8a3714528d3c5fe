<#ftl output_format="plainText">
${msg("twofoldEmailCodeIntro", realmName)}

${code}

${msg("twofoldEmailCodeExpires", minutes)}

${msg("twofoldEmailCodeAdvice")}

${msg("twofoldNoticeNotMeText")}
${notMeUrl}

${msg("twofoldNoticeFooter", realmName)}
