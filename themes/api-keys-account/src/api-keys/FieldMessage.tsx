import { FormHelperText, HelperText, HelperTextItem } from "@patternfly/react-core";

type Props = { id: string; message?: string; hint?: string };

/** A field's hint, replaced by the refusal that concerns this field when there is one. */
export const FieldMessage = ({ id, message, hint }: Props) =>
  message || hint ? (
    <FormHelperText>
      <HelperText id={id} isLiveRegion>
        <HelperTextItem variant={message ? "error" : "default"} hasIcon={!!message}>
          {message ?? hint}
        </HelperTextItem>
      </HelperText>
    </FormHelperText>
  ) : null;
