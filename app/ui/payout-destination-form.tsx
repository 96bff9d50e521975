import { useTranslation } from "react-i18next";
import { CsrfInput } from "./csrf";
import { Field } from "./form";

/** What was typed and what was wrong with it, sent back with a 400 so nothing typed is lost. */
export type DestinationFailure = {
  shop: number;
  values: { iban: string; holderName: string; holderTaxId: string; consent?: string };
  errors: { iban?: string; holderName?: string; holderTaxId?: string; consent?: string };
};

/**
 * Where a shop's payouts go: the seller's own form on /seller/money, and the
 * coordinator's for an assisted seller, which also asks for the seller's
 * consent note (withConsent).
 */
export function PayoutDestinationForm({ shopId, failure, withConsent = false }: { shopId: number; failure?: DestinationFailure; withConsent?: boolean }) {
  const { t } = useTranslation("money");
  const errors = failure?.errors ?? {};
  const first = errors.iban ? "iban" : errors.holderName ? "holderName" : errors.holderTaxId ? "holderTaxId" : errors.consent ? "consent" : null;
  return (
    <form method="post" className="form" noValidate>
      <CsrfInput />
      <input type="hidden" name="shop" value={shopId} />
      <AccountFields values={failure?.values} errors={errors} first={first} />
      {withConsent ? (
        <Field
          name="consent"
          multiline
          rows={2}
          label={t("seller.destination.assist.consent")}
          hint={t("seller.destination.assist.consentHint")}
          defaultValue={failure?.values.consent ?? ""}
          error={errors.consent ? t(errors.consent) : undefined}
          autoFocus={first === "consent"}
          maxLength={500}
          required
        />
      ) : null}
      <button type="submit" className="button">
        {t("seller.destination.save")}
      </button>
    </form>
  );
}

type AccountField = "iban" | "holderName" | "holderTaxId";

/**
 * A bank account's three fields, with what was typed and the errors of a 400: a shop's payout
 * account here, a lane's payee on the coordinator's lane payee page (the holder's labels differ).
 */
export function AccountFields({
  values,
  errors,
  first,
  labels = { holderName: "seller.destination.holderName", holderTaxId: "seller.destination.holderTaxId" },
}: {
  values?: Partial<Record<AccountField, string>>;
  errors: Partial<Record<AccountField, string>>;
  first: string | null | undefined;
  labels?: { holderName: string; holderTaxId: string };
}) {
  const { t } = useTranslation("money");
  return (
    <>
      <Field
        name="iban"
        label={t("seller.destination.iban")}
        hint={t("seller.destination.ibanHint")}
        defaultValue={values?.iban ?? ""}
        error={errors.iban ? t(errors.iban) : undefined}
        autoFocus={first === "iban"}
        autoComplete="off"
        maxLength={40}
        required
      />
      <Field
        name="holderName"
        label={t(labels.holderName)}
        defaultValue={values?.holderName ?? ""}
        error={errors.holderName ? t(errors.holderName) : undefined}
        autoFocus={first === "holderName"}
        maxLength={120}
        required
      />
      <Field
        name="holderTaxId"
        inputMode="numeric"
        label={t(labels.holderTaxId)}
        defaultValue={values?.holderTaxId ?? ""}
        error={errors.holderTaxId ? t(errors.holderTaxId) : undefined}
        autoFocus={first === "holderTaxId"}
        maxLength={20}
        required
      />
    </>
  );
}
