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

/** An HttpMetrics' counts as plain data, to pass between processes (structured-clone and JSON safe). */
export interface HttpCounts {
  requests: { labels: Labels; count: number }[];
  latency: { labels: Labels; latency: Latency }[];
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
    this.addRequests({ route, method: methodLabel, status: String(status) }, 1);
    const buckets = LATENCY_BUCKETS_SECONDS.map((bound) => (seconds <= bound ? 1 : 0));
    this.addLatency({ route, method: methodLabel }, { buckets, sumSeconds: seconds, count: 1 });
  }

  private addRequests(labels: Labels, count: number): void {
    const key = JSON.stringify(labels);
    const counted = this.requests.get(key) ?? { labels, count: 0 };
    counted.count += count;
    this.requests.set(key, counted);
  }

  private addLatency(labels: Labels, latency: Latency): void {
    const key = JSON.stringify(labels);
    let entry = this.latency.get(key);
    if (!entry) {
      entry = { labels, latency: { buckets: LATENCY_BUCKETS_SECONDS.map(() => 0), sumSeconds: 0, count: 0 } };
      this.latency.set(key, entry);
    }
    const kept = entry.latency;
    LATENCY_BUCKETS_SECONDS.forEach((_, i) => (kept.buckets[i] = (kept.buckets[i] ?? 0) + (latency.buckets[i] ?? 0)));
    kept.sumSeconds += latency.sumSeconds;
    kept.count += latency.count;
  }

  /** The counts so far, as data another process can add to its own (the combined /metrics). */
  counts(): HttpCounts {
    return {
      requests: [...this.requests.values()].map(({ labels, count }) => ({ labels, count })),
      latency: [...this.latency.values()].map(({ labels, latency }) => ({ labels, latency: { ...latency, buckets: [...latency.buckets] } })),
    };
  }

  /** Adds another process's counts to these. */
  absorb(counts: HttpCounts): void {
    for (const { labels, count } of counts.requests) this.addRequests(labels, count);
    for (const { labels, latency } of counts.latency) this.addLatency(labels, latency);
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

/** One server process's figures, as it sends them to the process answering /metrics. */
export interface ProcessFigures {
  pid: number;
  residentBytes: number;
  heapUsedBytes: number;
  startTimeSeconds: number;
  http: HttpCounts;
}

export function processFigures(http: HttpMetrics): ProcessFigures {
  const memory = process.memoryUsage();
  return { pid: process.pid, residentBytes: memory.rss, heapUsedBytes: memory.heapUsed, startTimeSeconds: Math.round(Date.now() / 1000 - process.uptime()), http: http.counts() };
}

/**
 * The figures of every server process (WEB_CONCURRENCY, decision 0021) as one exposition: the HTTP
 * counters and histograms summed over them, the resident memory of the whole server, and each
 * process's own memory and start beside it.
 */
export function renderProcesses(figures: ProcessFigures[]): string {
  const combined = new HttpMetrics();
  for (const one of figures) combined.absorb(one.http);
  const each = (value: (one: ProcessFigures) => number) => figures.map((one) => ({ labels: { pid: String(one.pid) }, value: value(one) }));
  return [
    combined.render(),
    family("auyl_server_processes", "gauge", "Server processes whose figures this scrape combines (WEB_CONCURRENCY).", [{ value: figures.length }]),
    family("process_resident_memory_bytes", "gauge", "Resident memory of all server processes together (DESIGN §6 budget: 250 MB per process).", [{ value: figures.reduce((sum, one) => sum + one.residentBytes, 0) }]),
    family("auyl_process_resident_memory_bytes", "gauge", "Resident memory of each server process.", each((one) => one.residentBytes)),
    family("nodejs_heap_used_bytes", "gauge", "V8 heap in use, per server process.", each((one) => one.heapUsedBytes)),
    family("process_start_time_seconds", "gauge", "When each server process started, in Unix seconds.", each((one) => one.startTimeSeconds)),
  ].join("");
}
