/**
 * The Prometheus text exposition format (version 0.0.4), by hand: a few
 * counters, gauges and one histogram do not need a client library
 * (decision 0016). Label values are escaped as the format says.
 */

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type Labels = Record<string, string>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(",")}}`;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

export interface Sample {
  labels?: Labels;
  value: number;
}

/** One metric family: its HELP and TYPE lines, then a line per sample. */
export function family(name: string, type: "counter" | "gauge", help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const sample of samples) lines.push(`${name}${labelText(sample.labels ?? {})} ${numberText(sample.value)}`);
  return lines.join("\n") + "\n";
}

/** Upper bounds of the latency histogram, in seconds: DESIGN §6's 25 ms p95 sits between two of them. */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Methods counted by name; anything else is OTHER, so a client cannot grow the label set. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

interface Latency {
  buckets: number[];
  sumSeconds: number;
  count: number;
}

/**
 * Requests and their latency by route pattern, kept by the HTTP server.
 * Route patterns (not paths) keep the label set small and free of personal data.
 */
export class HttpMetrics {
  private readonly requests = new Map<string, { labels: Labels; count: number }>();
  private readonly latency = new Map<string, { labels: Labels; latency: Latency }>();

  record(route: string, method: string, status: number, seconds: number): void {
    const methodLabel = METHODS.has(method) ? method : "OTHER";
    const requestLabels = { route, method: methodLabel, status: String(status) };
    const requestKey = JSON.stringify(requestLabels);
    const counted = this.requests.get(requestKey) ?? { labels: requestLabels, count: 0 };
    counted.count++;
    this.requests.set(requestKey, counted);

    const latencyLabels = { route, method: methodLabel };
    const latencyKey = JSON.stringify(latencyLabels);
    let entry = this.latency.get(latencyKey);
    if (!entry) {
      entry = { labels: latencyLabels, latency: { buckets: LATENCY_BUCKETS_SECONDS.map(() => 0), sumSeconds: 0, count: 0 } };
      this.latency.set(latencyKey, entry);
    }
    const { latency } = entry;
    LATENCY_BUCKETS_SECONDS.forEach((bound, i) => {
      if (seconds <= bound) latency.buckets[i] = (latency.buckets[i] ?? 0) + 1;
    });
    latency.sumSeconds += seconds;
    latency.count++;
  }

  render(): string {
    const requests = family(
      "auyl_http_requests_total",
      "counter",
      "HTTP requests answered, by route pattern, method and status.",
      [...this.requests.values()].map(({ labels, count }) => ({ labels, value: count })),
    );
    const name = "auyl_http_request_duration_seconds";
    const lines = [`# HELP ${name} Time from the request's arrival to the last byte of the answer, by route pattern and method.`, `# TYPE ${name} histogram`];
    for (const { labels, latency } of this.latency.values()) {
      LATENCY_BUCKETS_SECONDS.forEach((bound, i) => lines.push(`${name}_bucket${labelText({ ...labels, le: String(bound) })} ${latency.buckets[i] ?? 0}`));
      lines.push(`${name}_bucket${labelText({ ...labels, le: "+Inf" })} ${latency.count}`);
      lines.push(`${name}_sum${labelText(labels)} ${latency.sumSeconds}`);
      lines.push(`${name}_count${labelText(labels)} ${latency.count}`);
    }
    return requests + lines.join("\n") + "\n";
  }
}
