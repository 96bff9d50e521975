import type { ReactNode } from "react";

interface FieldProps {
  name: string;
  /** The element's id when one page repeats the field (a form per row); the name otherwise. */
  id?: string;
  /** Text, or text with markup (the sign-in check shows its digits in the label). */
  label: ReactNode;
  /** Already translated; marks the field invalid and is read out with it. */
  error?: string;
  hint?: string;
  defaultValue?: string;
  type?: "text" | "tel";
  inputMode?: "numeric" | "tel" | "text";
  autoComplete?: string;
  maxLength?: number;
  required?: boolean;
  multiline?: boolean;
  /** Rows of a multiline field (3 unless said). */
  rows?: number;
  /** The language the field is written in, when it differs from the page's (a story in Russian on a Kazakh page). */
  lang?: string;
  /** The first invalid field gets the focus (works without JavaScript). */
  autoFocus?: boolean;
}

/** A labelled input with its hint and error tied to it (aria-invalid, aria-describedby). */
export function Field({ name, id = name, label, error, hint, multiline, rows = 3, ...input }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    "aria-invalid": error ? (true as const) : undefined,
    "aria-describedby": describedBy,
    defaultValue: input.defaultValue,
    maxLength: input.maxLength,
    required: input.required,
    autoFocus: input.autoFocus,
    lang: input.lang,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea {...common} rows={rows} />
      ) : (
        <input {...common} type={input.type ?? "text"} inputMode={input.inputMode} autoComplete={input.autoComplete} />
      )}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A message above a form, e.g. a refusal not tied to one field. */
export function FormMessage({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "ok" }) {
  return (
    <p className={tone === "error" ? "form-error" : "notice"} role={tone === "error" ? "alert" : "status"}>
      {children}
    </p>
  );
}
