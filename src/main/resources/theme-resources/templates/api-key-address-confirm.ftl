<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        <#if apiKeyAddressDisable>${msg("apiKeyAddressDisableTitle")}<#else>${msg("apiKeyAddressConfirmTitle")}</#if>
    <#elseif section = "form">
        <div id="api-key-address-confirmation">
            <#if apiKeyAddressDisable>
                <p>${msg("apiKeyAddressDisableText")}</p>
            <#else>
                <p>${msg("apiKeyAddressConfirmText")}</p>
                <table id="api-key-addresses" class="${properties.kcTableClass!}" style="width:100%;text-align:left">
                    <thead>
                    <tr>
                        <th scope="col">${msg("apiKeyAddressKind")}</th>
                        <th scope="col">${msg("apiKeyAddressCoin")}</th>
                        <th scope="col">${msg("apiKeyAddressNetwork")}</th>
                        <th scope="col">${msg("apiKeyAddressAddress")}</th>
                        <th scope="col">${msg("apiKeyAddressMemo")}</th>
                    </tr>
                    </thead>
                    <tbody>
                    <#list apiKeyAddresses as entry>
                        <tr>
                            <td>${msg("apiKeyAddressKind_" + entry.kind)}</td>
                            <td>${entry.coin}</td>
                            <td>${entry.network}</td>
                            <td style="word-break:break-all"><code>${entry.address}</code></td>
                            <td><code>${entry.memo}</code></td>
                        </tr>
                    </#list>
                    </tbody>
                </table>
            </#if>
            <form id="api-key-address-confirm" action="${apiKeyAddressAction}" method="post">
                <input type="hidden" name="key" value="${apiKeyAddressKey}"/>
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                    <button id="confirm" type="submit"
                            class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">
                        <#if apiKeyAddressDisable>${msg("apiKeyAddressDisableButton")}<#else>${msg("apiKeyAddressConfirmButton")}</#if>
                    </button>
                </div>
            </form>
            <p>${msg("apiKeyAddressNotYou")}</p>
        </div>
    </#if>
</@layout.registrationLayout>
