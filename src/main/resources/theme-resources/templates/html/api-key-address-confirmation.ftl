<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if apiKeyAddressDisable>
<p>${msg("apiKeyAddressDisableMailIntro", realmName)}</p>
<#else>
<p>${msg("apiKeyAddressMailIntro", realmName)}</p>
<table style="border-collapse:collapse" cellpadding="4">
<tr>
<th align="left">${msg("apiKeyAddressKind")}</th>
<th align="left">${msg("apiKeyAddressCoin")}</th>
<th align="left">${msg("apiKeyAddressNetwork")}</th>
<th align="left">${msg("apiKeyAddressAddress")}</th>
<th align="left">${msg("apiKeyAddressMemo")}</th>
</tr>
<#list apiKeyAddresses as entry>
<tr>
<td>${msg("apiKeyAddressKind_" + entry.kind)}</td>
<td>${entry.coin}</td>
<td>${entry.network}</td>
<td><code>${entry.address}</code></td>
<td><code>${entry.memo}</code></td>
</tr>
</#list>
</table>
</#if>
<p><a href="${apiKeyAddressLink}">${msg("apiKeyAddressMailLink")}</a></p>
<p>${msg("apiKeyAddressMailExpiry", apiKeyAddressLinkMinutes?c)}</p>
<p>${msg("apiKeyAddressMailIgnore")}</p>
</@layout.emailLayout>
