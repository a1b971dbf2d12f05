<#ftl output_format="plainText">
<#if apiKeyAddressDisable>
${msg("apiKeyAddressDisableMailIntro", realmName)}
<#else>
${msg("apiKeyAddressMailIntro", realmName)}

<#list apiKeyAddresses as entry>
- ${msg("apiKeyAddressKind_" + entry.kind)}: ${entry.coin} / ${entry.network}
  ${msg("apiKeyAddressAddress")}: ${entry.address}<#if entry.memo?has_content>

  ${msg("apiKeyAddressMemo")}: ${entry.memo}</#if>

</#list>
</#if>

${msg("apiKeyAddressMailLink")}: ${apiKeyAddressLink}

${msg("apiKeyAddressMailExpiry", apiKeyAddressLinkMinutes?c)}

${msg("apiKeyAddressMailIgnore")}
