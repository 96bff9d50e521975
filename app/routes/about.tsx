import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { getT } from "~/web/language.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request, "geo");
  return { title: t("about.title") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Auyl Hub` }];

const SECTIONS = ["escrow", "pickup", "trust"] as const;

export default function About() {
  const { t } = useTranslation("geo");
  return (
    <>
      <h1>{t("about.title")}</h1>
      {SECTIONS.map((section) => (
        <section key={section}>
          <h2>{t(`about.${section}Title`)}</h2>
          <p>{t(`about.${section}`)}</p>
        </section>
      ))}
    </>
  );
}
