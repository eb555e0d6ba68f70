import type { ReactNode } from "react";

type Props = {
  children: ReactNode;
  /** DSFR modifiers of the group: `fr-btns-group--inline-md`, `fr-btns-group--sm`, spacing… */
  className?: string;
};

/**
 * The one way to write a DSFR group of buttons (`<ul class="fr-btns-group">`). The DSFR shows an icon button of
 * a group as a bare icon square, its text clipped, unless the group says where icons go: this group always
 * carries `fr-btns-group--icon-left`, so every button keeps its words at every width. A unit test refuses a raw
 * `fr-btns-group` written anywhere else.
 */
export function GroupeBoutons({ children, className }: Props) {
  return <ul className={["fr-btns-group", "fr-btns-group--icon-left", className].filter(Boolean).join(" ")}>{children}</ul>;
}
