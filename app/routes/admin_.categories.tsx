import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/web/auth.server";
import { readForm } from "~/web/csrf.server";
import { getDb } from "~/db.server";
import { addCategory, categoryNames, categorySlug, moveCategory, renameCategory } from "~/domain/catalog/categories.server";
import { listCategoryChoices } from "~/domain/catalog/listings.server";
import { getT } from "~/web/language.server";
import { CsrfInput } from "~/ui/csrf";
import { FormMessage } from "~/ui/form";
import { refusalKey } from "~/i18n/refusals";
import { names } from "~/i18n/localized";

export async function loader({ request }: LoaderFunctionArgs) {
  requireActor(request, "category.admin");
  const { t } = await getT(request, "catalog");
  return {
    title: t("admin.title"),
    done: new URL(request.url).searchParams.get("done"),
    categories: listCategoryChoices(getDb()).map((c) => ({ id: c.id, parentId: c.parentId, slug: c.slug, depth: c.depth, ...names(c) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

type Failure = { target: string; values: Record<string, string>; errors: Record<string, string> };

/** Rename (three languages), add a child or a top-level category, move up or down. */
export async function action({ request }: ActionFunctionArgs) {
  requireActor(request, "category.admin");
  const form = await readForm(request);
  const db = getDb();
  const intent = String(form.get("intent") ?? "");
  const text = (name: string) => String(form.get(name) ?? "").slice(0, 200);
  const idValue = text("id");
  const id = idValue === "" ? null : Number(idValue);
  if (id !== null && (!Number.isSafeInteger(id) || id <= 0)) throw new Response(null, { status: 400 });
  const values = { nameKk: text("nameKk"), nameRu: text("nameRu"), nameEn: text("nameEn"), slug: text("slug") };
  const fail = (errors: Record<string, string>) => data({ target: `${intent}-${id ?? "top"}`, values, errors } satisfies Failure, { status: 400 });

  if (intent === "move") {
    if (id === null) throw new Response(null, { status: 400 });
    const result = moveCategory(db, { id, direction: form.get("direction") === "earlier" ? "earlier" : "later" });
    if (!result.ok) throw new Response(null, { status: 404 });
    return redirect(`/admin/categories?done=moved#category-${id}`, 303);
  }
  const names = categoryNames.safeParse(values);
  const errors: Record<string, string> = {};
  if (!names.success) for (const issue of names.error.issues) errors[String(issue.path[0])] ??= refusalKey(issue.message);
  if (intent === "rename") {
    if (id === null) throw new Response(null, { status: 400 });
    if (!names.success) return fail(errors);
    const result = renameCategory(db, { id, names: names.data });
    if (!result.ok) throw new Response(null, { status: 404 });
    return redirect(`/admin/categories?done=renamed#category-${id}`, 303);
  }
  if (intent === "add") {
    const slug = categorySlug.safeParse(values.slug);
    if (!slug.success) errors.slug = refusalKey(slug.error.issues[0]?.message ?? "catalog.category_slug");
    if (!names.success || !slug.success) return fail(errors);
    const result = addCategory(db, { parentId: id, slug: slug.data, names: names.data });
    if (!result.ok) {
      if (result.reason === "category.not_found") throw new Response(null, { status: 404 });
      return fail({ slug: refusalKey(result.reason) });
    }
    return redirect(`/admin/categories?done=added#category-${result.id}`, 303);
  }
  throw new Response(null, { status: 400 });
}

function NameInputs({ prefix, values, errors }: { prefix: string; values: Record<string, string | undefined>; errors: Record<string, string> }) {
  const { t } = useTranslation("catalog");
  return (
    <>
      {(["nameKk", "nameRu", "nameEn"] as const).map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`${prefix}-${name}`}>{t(`admin.${name}`)}</label>
          <input
            id={`${prefix}-${name}`}
            name={name}
            type="text"
            maxLength={60}
            required
            defaultValue={values[name] ?? ""}
            aria-invalid={errors[name] ? true : undefined}
            aria-describedby={errors[name] ? `${prefix}-${name}-error` : undefined}
            lang={name === "nameKk" ? "kk" : name === "nameRu" ? "ru" : "en"}
          />
          {errors[name] ? (
            <p id={`${prefix}-${name}-error`} className="field-error">
              {t(errors[name]!)}
            </p>
          ) : null}
        </div>
      ))}
    </>
  );
}

function AddForm({ parentId, failure }: { parentId: number | null; failure?: Failure }) {
  const { t } = useTranslation("catalog");
  const prefix = `add-${parentId ?? "top"}`;
  const mine = failure?.target === prefix ? failure : undefined;
  const errors = mine?.errors ?? {};
  return (
    <details open={Boolean(mine)}>
      <summary>{parentId === null ? t("admin.addTop") : t("admin.addChild")}</summary>
      <form method="post" className="form">
        <CsrfInput />
        <input type="hidden" name="intent" value="add" />
        <input type="hidden" name="id" value={parentId ?? ""} />
        <div className="field">
          <label htmlFor={`${prefix}-slug`}>{t("admin.slug")}</label>
          <input
            id={`${prefix}-slug`}
            name="slug"
            type="text"
            maxLength={40}
            required
            defaultValue={mine?.values.slug ?? ""}
            aria-invalid={errors.slug ? true : undefined}
            aria-describedby={errors.slug ? `${prefix}-slug-error` : undefined}
          />
          {errors.slug ? (
            <p id={`${prefix}-slug-error`} className="field-error">
              {t(errors.slug)}
            </p>
          ) : null}
        </div>
        <NameInputs prefix={prefix} values={mine?.values ?? {}} errors={errors} />
        <button type="submit" className="button">
          {parentId === null ? t("admin.addTop") : t("admin.addChild")}
        </button>
      </form>
    </details>
  );
}

export default function CategoryEditor() {
  const { title, done, categories } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("catalog");
  return (
    <>
      <p>
        <Link to="/admin">← {t("identity:admin.title")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">{t("admin.intro")}</p>
      {done === "renamed" || done === "added" || done === "moved" ? <FormMessage tone="ok">{t(`admin.done.${done}`)}</FormMessage> : null}
      <ul className="category-tree">
        {categories.map((category) => {
          const prefix = `rename-${category.id}`;
          const mine = failure?.target === prefix ? failure : undefined;
          const siblings = categories.filter((c) => c.parentId === category.parentId);
          const index = siblings.findIndex((c) => c.id === category.id);
          return (
            <li key={category.id} id={`category-${category.id}`} className={`panel depth-${Math.min(category.depth, 3)}`}>
              <h2 className="category-title">
                {category.nameKk} <span className="muted">· {category.slug}</span>
              </h2>
              <form method="post" className="form">
                <CsrfInput />
                <input type="hidden" name="intent" value="rename" />
                <input type="hidden" name="id" value={category.id} />
                <NameInputs prefix={prefix} values={mine?.values ?? category} errors={mine?.errors ?? {}} />
                <button type="submit" className="button small">
                  {t("admin.rename")}
                </button>
              </form>
              <div className="actions">
                {(["earlier", "later"] as const).map((direction) =>
                  (direction === "earlier" && index === 0) || (direction === "later" && index === siblings.length - 1) ? null : (
                    <form method="post" key={direction}>
                      <CsrfInput />
                      <input type="hidden" name="intent" value="move" />
                      <input type="hidden" name="id" value={category.id} />
                      <input type="hidden" name="direction" value={direction} />
                      <button type="submit" className="button small secondary">
                        {direction === "earlier" ? `↑ ${t("admin.moveEarlier")}` : `↓ ${t("admin.moveLater")}`}
                      </button>
                    </form>
                  ),
                )}
              </div>
              {category.depth === 0 ? <AddForm parentId={category.id} failure={failure} /> : null}
            </li>
          );
        })}
      </ul>
      <AddForm parentId={null} failure={failure} />
    </>
  );
}
