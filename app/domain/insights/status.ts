/**
 * The "e-commerce village" test (docs/metrics.md "E-commerce village status"),
 * after the Taobao village test: a village is an e-commerce village when its
 * yearly GMV reaches the GMV threshold AND either its active shops reach the
 * shops threshold OR its share of households selling online reaches the
 * households threshold. It is "emerging" when it is not yet one but reaches
 * the emerging share (50 % unless the admin sets another) of both: of the GMV
 * threshold, and of the shops or the households threshold. A district with at
 * least 3 (a setting) e-commerce villages is an e-commerce district.
 *
 * Pure; the comparisons are exact integer arithmetic (BigInt), so a village
 * exactly at a threshold meets it.
 */

export type VillageTier = "none" | "emerging" | "ecommerce";
export const TIERS: readonly VillageTier[] = ["none", "emerging", "ecommerce"];

/** The admin's thresholds, in the units they are compared in (app/domain/insights/thresholds.server.ts keeps them). */
export interface StatusThresholds {
  /** Yearly GMV to reach, in tiyn (the yuan amount × the tenge-per-yuan rate). */
  yearlyGmvTiyn: number;
  activeShops: number;
  /** Share of households selling online, in basis points (1000 = 10 %). */
  householdsShareBp: number;
  /** E-commerce villages a district needs to be an e-commerce district. */
  districtVillages: number;
  /** The share of each threshold that makes a village "emerging", in basis points (5000 = 50 %). */
  emergingShareBp: number;
}

export interface VillageStatusInput {
  /** GMV of the 12 months ending with the period's last month. */
  yearlyGmvTiyn: number;
  /** Active shops of the period's last month. */
  activeShops: number;
  /** Sellers with a completed order in the 12 months (one seller counts as one household). */
  sellingHouseholds: number;
  households: number;
}

export interface VillageStatus {
  tier: VillageTier;
  /** How far the village is towards each threshold: 1 = reached (may exceed 1). null when the village has no households recorded. */
  progress: { gmv: number; activeShops: number; householdsShare: number | null };
  meets: { gmv: boolean; activeShops: boolean; householdsShare: boolean };
  /** The share of households selling online used for the test, capped at 1. */
  householdsShare: number | null;
}

const BP = 10_000n;

/** a × numerator ≥ b × denominator, exactly. */
function atLeast(value: number, threshold: number, shareBp: bigint = BP): boolean {
  return BigInt(Math.round(value)) * BP >= BigInt(Math.round(threshold)) * shareBp;
}

function ratio(value: number, threshold: number): number {
  if (threshold <= 0) return 1;
  return value / threshold;
}

export function villageStatus(input: VillageStatusInput, thresholds: StatusThresholds): VillageStatus {
  const selling = Math.min(input.sellingHouseholds, input.households);
  const householdsShare = input.households > 0 ? selling / input.households : null;
  // share ≥ bp/10000 ⇔ selling × 10000 ≥ bp × households
  const shareAtLeast = (shareBp: bigint) =>
    input.households > 0 && BigInt(selling) * BP * BP >= BigInt(thresholds.householdsShareBp) * BigInt(input.households) * shareBp;
  const meets = {
    gmv: atLeast(input.yearlyGmvTiyn, thresholds.yearlyGmvTiyn),
    activeShops: atLeast(input.activeShops, thresholds.activeShops),
    householdsShare: shareAtLeast(BP),
  };
  const emerging = BigInt(thresholds.emergingShareBp);
  const nearly = {
    gmv: atLeast(input.yearlyGmvTiyn, thresholds.yearlyGmvTiyn, emerging),
    activeShops: atLeast(input.activeShops, thresholds.activeShops, emerging),
    householdsShare: shareAtLeast(emerging),
  };
  const tier: VillageTier =
    meets.gmv && (meets.activeShops || meets.householdsShare)
      ? "ecommerce"
      : nearly.gmv && (nearly.activeShops || nearly.householdsShare)
        ? "emerging"
        : "none";
  return {
    tier,
    progress: {
      gmv: ratio(input.yearlyGmvTiyn, thresholds.yearlyGmvTiyn),
      activeShops: ratio(input.activeShops, thresholds.activeShops),
      householdsShare: householdsShare === null ? null : ratio(householdsShare * BP_NUMBER, thresholds.householdsShareBp),
    },
    meets,
    householdsShare,
  };
}

const BP_NUMBER = 10_000;

export interface DistrictStatus {
  ecommerceVillages: number;
  emergingVillages: number;
  isEcommerceDistrict: boolean;
  /** E-commerce villages ÷ the villages needed (1 = reached). */
  progress: number;
}

export function districtStatus(tiers: readonly VillageTier[], thresholds: Pick<StatusThresholds, "districtVillages">): DistrictStatus {
  const ecommerceVillages = tiers.filter((t) => t === "ecommerce").length;
  const emergingVillages = tiers.filter((t) => t === "emerging").length;
  return {
    ecommerceVillages,
    emergingVillages,
    isEcommerceDistrict: ecommerceVillages >= thresholds.districtVillages,
    progress: ratio(ecommerceVillages, thresholds.districtVillages),
  };
}
