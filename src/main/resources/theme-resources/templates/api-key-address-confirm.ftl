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
                <div id="api-key-addresses">
                    <#list apiKeyAddresses as entry>
                        <dl class="api-key-address" style="display:grid;grid-template-columns:max-content 1fr;gap:0.25rem 1rem;margin:0 0 1rem;padding:0.75rem;border:1px solid #d2d2d2;border-radius:4px">
                            <dt style="font-weight:bold">${msg("apiKeyAddressKind")}</dt>
                            <dd style="margin:0">${msg("apiKeyAddressKind_" + entry.kind)}</dd>
                            <dt style="font-weight:bold">${msg("apiKeyAddressCoin")}</dt>
                            <dd style="margin:0">${entry.coin}</dd>
                            <dt style="font-weight:bold">${msg("apiKeyAddressNetwork")}</dt>
                            <dd style="margin:0">${entry.network}</dd>
                            <dt style="font-weight:bold">${msg("apiKeyAddressAddress")}</dt>
                            <dd style="margin:0;word-break:break-all"><code>${entry.address}</code></dd>
                            <#if entry.memo?has_content>
                                <dt style="font-weight:bold">${msg("apiKeyAddressMemo")}</dt>
                                <dd style="margin:0;word-break:break-all"><code>${entry.memo}</code></dd>
                            </#if>
                        </dl>
                    </#list>
                </div>
            </#if>
            <form id="api-key-address-confirm" action="${apiKeyAddressAction}" method="post">
                <input type="hidden" name="key" value="${apiKeyAddressKey}"/>
                <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}" style="margin-top:1rem">
                    <button id="confirm" type="submit"
                            class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}">
                        <#if apiKeyAddressDisable>${msg("apiKeyAddressDisableButton")}<#else>${msg("apiKeyAddressConfirmButton")}</#if>
                    </button>
                </div>
            </form>
            <p style="margin-top:1rem">${msg("apiKeyAddressNotYou")}</p>
        </div>
    </#if>
</@layout.registrationLayout>
