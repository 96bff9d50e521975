import enCatalog from "../../locales/en/catalog.json";
import enCommon from "../../locales/en/common.json";
import enGeo from "../../locales/en/geo.json";
import enIdentity from "../../locales/en/identity.json";
import enStorefront from "../../locales/en/storefront.json";
import kkCatalog from "../../locales/kk/catalog.json";
import kkCommon from "../../locales/kk/common.json";
import kkGeo from "../../locales/kk/geo.json";
import kkIdentity from "../../locales/kk/identity.json";
import kkStorefront from "../../locales/kk/storefront.json";
import ruCatalog from "../../locales/ru/catalog.json";
import ruCommon from "../../locales/ru/common.json";
import ruGeo from "../../locales/ru/geo.json";
import ruIdentity from "../../locales/ru/identity.json";
import ruStorefront from "../../locales/ru/storefront.json";
import enLogistics from "../../locales/en/logistics.json";
import enMoney from "../../locales/en/money.json";
import enOrders from "../../locales/en/orders.json";
import kkLogistics from "../../locales/kk/logistics.json";
import kkMoney from "../../locales/kk/money.json";
import kkOrders from "../../locales/kk/orders.json";
import ruLogistics from "../../locales/ru/logistics.json";
import ruMoney from "../../locales/ru/money.json";
import ruOrders from "../../locales/ru/orders.json";
import enInsights from "../../locales/en/insights.json";
import kkInsights from "../../locales/kk/insights.json";
import ruInsights from "../../locales/ru/insights.json";
import enAnalytics from "../../locales/en/analytics.json";
import kkAnalytics from "../../locales/kk/analytics.json";
import ruAnalytics from "../../locales/ru/analytics.json";
import enEvidence from "../../locales/en/evidence.json";
import kkEvidence from "../../locales/kk/evidence.json";
import ruEvidence from "../../locales/ru/evidence.json";
import enApi from "../../locales/en/api.json";
import kkApi from "../../locales/kk/api.json";
import ruApi from "../../locales/ru/api.json";
import enOffline from "../../locales/en/offline.json";
import kkOffline from "../../locales/kk/offline.json";
import ruOffline from "../../locales/ru/offline.json";
import enTrust from "../../locales/en/trust.json";
import kkTrust from "../../locales/kk/trust.json";
import ruTrust from "../../locales/ru/trust.json";
import enQuality from "../../locales/en/quality.json";
import kkQuality from "../../locales/kk/quality.json";
import ruQuality from "../../locales/ru/quality.json";
import enDisputes from "../../locales/en/disputes.json";
import kkDisputes from "../../locales/kk/disputes.json";
import ruDisputes from "../../locales/ru/disputes.json";
import type { Language, Namespace } from "./config";

/** Every translation, bundled into the server build (small; the browser loads only its own). */
export const resources: Record<Language, Record<Namespace, object>> = {
  kk: { common: kkCommon, geo: kkGeo, identity: kkIdentity, storefront: kkStorefront, catalog: kkCatalog, orders: kkOrders, money: kkMoney, logistics: kkLogistics, insights: kkInsights, analytics: kkAnalytics, evidence: kkEvidence, api: kkApi, offline: kkOffline, trust: kkTrust, quality: kkQuality, disputes: kkDisputes },
  ru: { common: ruCommon, geo: ruGeo, identity: ruIdentity, storefront: ruStorefront, catalog: ruCatalog, orders: ruOrders, money: ruMoney, logistics: ruLogistics, insights: ruInsights, analytics: ruAnalytics, evidence: ruEvidence, api: ruApi, offline: ruOffline, trust: ruTrust, quality: ruQuality, disputes: ruDisputes },
  en: { common: enCommon, geo: enGeo, identity: enIdentity, storefront: enStorefront, catalog: enCatalog, orders: enOrders, money: enMoney, logistics: enLogistics, insights: enInsights, analytics: enAnalytics, evidence: enEvidence, api: enApi, offline: enOffline, trust: enTrust, quality: enQuality, disputes: enDisputes },
};
