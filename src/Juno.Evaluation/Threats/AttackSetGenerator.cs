using Juno.Intelligence;

namespace Juno.Evaluation.Threats;

/// <summary>
/// Generates a fleet's behavioural samples with injected attacks, deterministically from <see cref="AttackSetOptions.Seed"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Normal behaviour.</b> Every fourth entity is a node, the rest workloads; each draws its own habits from a
/// Random seeded by (seed, entity index), so adding entities never changes the existing ones. Size is log-normal
/// (σ = 1, so entities span well over an order of magnitude), nodes are ~5–10× busier than workloads. Load follows a
/// daily cosine peaking around 14:00 ± 2 h UTC with a trough 30–80% below the peak, times a slow AR(1) "traffic
/// weather" drift and ±10% per-sample jitter. Connections are Poisson around size × load; distinct destinations grow
/// with √load (more traffic mostly reuses the same peers); egress bytes are log-normal (σ = 0.35) around size × load,
/// since bytes are far burstier than counts; DNS queries are Poisson around 3 + 0.2–0.6 per connection. Auth failures
/// are ~0.02 a sample, except for the quarter of workloads that face the internet, which see 0.5–3 a sample from bots.
/// Privileged process starts are ~0.01 a sample for workloads and 0.1–0.6 for nodes (kubelet exec, cron, runtime).
/// CPU is idle 3–15% plus 15–45% × load, ±2%.
/// </para>
/// <para>
/// <b>Benign bursts</b> (flagged in <see cref="EntityTrace.BenignBurst"/>, must not alert). Deploys: on 60% of days a
/// workload is rolled out at a random time 09:00–17:00 for 2–4 samples, with connections ×1.5–2.5, DNS ×2–4 (new pods
/// resolve everything afresh), destinations ×1.2–1.8, egress ×1–1.5 and CPU +0.1–0.25. Backups: nodes and 30% of
/// workloads back up nightly at a fixed time between 01:00 and 04:00 (±10 min), for a fixed 3–8 samples, sending
/// 10–40× the usual egress (±20% a night) to one extra destination, with a few more connections and CPU +0.1. Backups
/// are the hard case by design: a burst of bytes to one destination is exactly what exfiltration looks like, and only
/// its regularity — the detector has seen it every night — makes it normal.
/// </para>
/// <para>
/// <b>Benign surges</b> (flagged in <see cref="EntityTrace.BenignSurge"/>, must not alert): traffic surges such as a
/// marketing push or a batch job, the everyday case an SRE estate sees. Half the entities surge; on each day such an
/// entity surges with probability 0.5, starting at a uniformly random time, for 30 min–3 h, with load ×1.5–4 (drawn
/// log-uniformly): connections, egress bytes and DNS queries scale by that factor, distinct destinations by its square
/// root (as they do with the daily load), and CPU above idle by it (capped at 1). Bytes per connection and DNS per
/// connection are unchanged — which is what tells a surge from exfiltration. Surges are drawn from their own Random,
/// seeded by (seed, entity index) with other constants (SurgeSeed), so adding them left every other sample,
/// burst and episode of the set exactly as it was. They are applied last, so a deploy or backup inside one is scaled with
/// the rest of the traffic, and a surge that would overlap the entity's attack episode is left out (episodes stay as
/// they were, and no surge sample is an attack sample).
/// </para>
/// <para>
/// <b>Attacks.</b> <see cref="AttackSetOptions.AttackedFraction"/> of entities (chosen by the seed) suffer one episode,
/// the four classes in turn, starting at a uniformly random sample after <see cref="AttackSetOptions.QuietDays"/>.
/// Intensity i is uniform in [0, 1]; volumes grow with i² so that a quarter of episodes (i &lt; 0.25) are subtle, close to
/// the noise, and a detector is not expected to catch them all. Effects add to the normal sample:
/// Intrusion (brute force plus scanning; 30 min–3 h): in 85% of samples 2 + 60 i² failed logins, 2 + 60 i² new
/// destinations with three connections each, 1 + 10 i² extra DNS lookups.
/// Exfiltration (30 min–6 h): (1 + 15 i²) × the entity's mean egress (±20%) on top of normal, to one extra destination
/// over a couple of extra connections — subtle ones merely double a daytime sample, and only stand out at night.
/// CryptoMining (3–12 h): CPU +0.12 + 0.6 i (capped at 1) — a throttled miner at the low end —, 1 + 3 i extra
/// connections and 1 + 4 i DNS lookups a sample to a pool that is one extra destination, and a trickle of egress (shares).
/// PrivilegeMisuse (15 min–2 h): 1 + 12 i² extra privileged process starts a sample (shells, setuid helpers), with the
/// occasional failed sudo (0.3 auth failures a sample) and CPU +0.03; against a node's busy privileged baseline the
/// subtle ones are barely visible.
/// </para>
/// </remarks>
public static class AttackSetGenerator
{
    private static readonly ThreatClass[] AttackClasses =
        [ThreatClass.Intrusion, ThreatClass.Exfiltration, ThreatClass.CryptoMining, ThreatClass.PrivilegeMisuse];

    public static AttackSet Generate(AttackSetOptions? options = null)
    {
        options ??= AttackSetOptions.Default;
        options.Validate();
        var chooser = new Random(options.Seed);
        var entities = new EntityTrace[options.Entities];
        int attacked = 0;
        for (int e = 0; e < options.Entities; e++)
        {
            bool isAttacked = chooser.NextDouble() < options.AttackedFraction;
            ThreatClass attack = isAttacked ? AttackClasses[attacked++ % AttackClasses.Length] : ThreatClass.None;
            entities[e] = GenerateEntity(options, e, attack);
        }

        return new AttackSet(options, entities);
    }

    private static EntityTrace GenerateEntity(AttackSetOptions options, int index, ThreatClass attack)
    {
        var random = new Random(unchecked((options.Seed * 7919) + (index * 104729)));
        int perDay = options.SamplesPerDay;
        int count = options.Days * perDay;
        bool isNode = index % 4 == 0;
        var behaviour = new EntityBehaviour(random, isNode, perDay);
        var signals = new double[count * BehaviourSignals.Count];
        var cpu = new double[count];
        var benign = new bool[count];
        for (int sample = 0; sample < count; sample++)
        {
            cpu[sample] = behaviour.Normal(sample, signals.AsSpan(sample * BehaviourSignals.Count, BehaviourSignals.Count));
        }

        for (int day = 0; day < options.Days; day++)
        {
            if (!isNode && random.NextDouble() < 0.6)
            {
                Deploy(random, signals, cpu, benign, (day * perDay) + (int)(Draw.Uniform(random, 9, 17) * perDay / 24), random.Next(2, 5));
            }

            if (behaviour.HasBackups)
            {
                int start = (day * perDay) + behaviour.BackupStart + random.Next(-2, 3);
                Backup(random, behaviour, signals, cpu, benign, Math.Max(0, start));
            }
        }

        AttackEpisode? episode = null;
        if (attack != ThreatClass.None)
        {
            episode = Inject(random, options, behaviour, index, attack, signals, cpu);
        }

        bool[] surge = Surges(options, index, behaviour, episode, signals, cpu);

        string name = isNode ? $"node-{index:D3}" : $"workload-{index:D3}";
        return new EntityTrace(index, name, signals, cpu, benign, episode, surge);
    }

    // Its own Random (not the entity's) so that the surges change nothing else the set holds.
    private static int SurgeSeed(AttackSetOptions options, int index) => unchecked((options.Seed * 31337) + (index * 65537) + 17);

    private static bool[] Surges(
        AttackSetOptions options, int index, EntityBehaviour behaviour, AttackEpisode? episode, double[] signals, double[] cpu)
    {
        var surge = new bool[cpu.Length];
        var random = new Random(SurgeSeed(options, index));
        if (random.NextDouble() >= 0.5)
        {
            return surge;
        }

        int perHour = options.SamplesPerDay / 24;
        for (int day = 0; day < options.Days; day++)
        {
            if (random.NextDouble() >= 0.5)
            {
                continue;
            }

            int start = (day * options.SamplesPerDay) + random.Next(options.SamplesPerDay);
            int length = random.Next(perHour / 2, (3 * perHour) + 1);
            double factor = Math.Exp(Draw.Uniform(random, Math.Log(1.5), Math.Log(4)));
            if (episode is { } e && start < e.Start + e.Length && e.Start < start + length)
            {
                // A surge that met the attack would change what the episodes measure; the draws are made all the same.
                continue;
            }

            for (int sample = start; sample < Math.Min(start + length, cpu.Length); sample++)
            {
                Span<double> s = Row(signals, sample);
                s[(int)BehaviourSignal.ConnectionsOpened] = Math.Round(s[(int)BehaviourSignal.ConnectionsOpened] * factor);
                s[(int)BehaviourSignal.EgressBytes] = Math.Round(s[(int)BehaviourSignal.EgressBytes] * factor);
                s[(int)BehaviourSignal.DnsQueries] = Math.Round(s[(int)BehaviourSignal.DnsQueries] * factor);
                s[(int)BehaviourSignal.DistinctDestinations] = Math.Round(s[(int)BehaviourSignal.DistinctDestinations] * Math.Sqrt(factor));
                cpu[sample] = Math.Min(1, behaviour.CpuIdle + ((cpu[sample] - behaviour.CpuIdle) * factor));
                surge[sample] = true;
            }
        }

        return surge;
    }

    private static void Deploy(Random random, double[] signals, double[] cpu, bool[] benign, int start, int length)
    {
        double connections = Draw.Uniform(random, 1.5, 2.5);
        double dns = Draw.Uniform(random, 2, 4);
        double destinations = Draw.Uniform(random, 1.2, 1.8);
        double egress = Draw.Uniform(random, 1, 1.5);
        double busier = Draw.Uniform(random, 0.1, 0.25);
        for (int sample = start; sample < Math.Min(start + length, cpu.Length); sample++)
        {
            Span<double> s = Row(signals, sample);
            s[(int)BehaviourSignal.ConnectionsOpened] = Math.Round(s[(int)BehaviourSignal.ConnectionsOpened] * connections);
            s[(int)BehaviourSignal.DnsQueries] = Math.Round(s[(int)BehaviourSignal.DnsQueries] * dns);
            s[(int)BehaviourSignal.DistinctDestinations] = Math.Round(s[(int)BehaviourSignal.DistinctDestinations] * destinations);
            s[(int)BehaviourSignal.EgressBytes] = Math.Round(s[(int)BehaviourSignal.EgressBytes] * egress);
            cpu[sample] = Math.Min(1, cpu[sample] + busier);
            benign[sample] = true;
        }
    }

    private static void Backup(Random random, EntityBehaviour behaviour, double[] signals, double[] cpu, bool[] benign, int start)
    {
        double factor = behaviour.BackupFactor * Draw.LogNormal(random, 0.2);
        for (int sample = start; sample < Math.Min(start + behaviour.BackupLength, cpu.Length); sample++)
        {
            Span<double> s = Row(signals, sample);
            s[(int)BehaviourSignal.EgressBytes] = Math.Round(s[(int)BehaviourSignal.EgressBytes] * factor);
            s[(int)BehaviourSignal.DistinctDestinations] += 1;
            s[(int)BehaviourSignal.ConnectionsOpened] += Draw.Poisson(random, 3);
            cpu[sample] = Math.Min(1, cpu[sample] + 0.1);
            benign[sample] = true;
        }
    }

    private static AttackEpisode Inject(
        Random random, AttackSetOptions options, EntityBehaviour behaviour, int entity, ThreatClass attack, double[] signals, double[] cpu)
    {
        double intensity = random.NextDouble();
        double squared = intensity * intensity;
        int perHour = options.SamplesPerDay / 24;
        int length = attack switch
        {
            ThreatClass.Intrusion => random.Next(perHour / 2, (3 * perHour) + 1),
            ThreatClass.Exfiltration => random.Next(perHour / 2, (6 * perHour) + 1),
            ThreatClass.CryptoMining => random.Next(3 * perHour, (12 * perHour) + 1),
            _ => random.Next(Math.Max(1, perHour / 4), (2 * perHour) + 1),
        };
        int earliest = options.QuietDays * options.SamplesPerDay;
        int start = random.Next(earliest, Math.Max(earliest + 1, cpu.Length - length));
        length = Math.Min(length, cpu.Length - start);
        for (int sample = start; sample < start + length; sample++)
        {
            Span<double> s = Row(signals, sample);
            switch (attack)
            {
                case ThreatClass.Intrusion:
                    if (random.NextDouble() < 0.85)
                    {
                        s[(int)BehaviourSignal.AuthFailures] += Draw.Poisson(random, 2 + (60 * squared));
                    }

                    double scanned = Draw.Poisson(random, 2 + (60 * squared));
                    s[(int)BehaviourSignal.DistinctDestinations] += scanned;
                    s[(int)BehaviourSignal.ConnectionsOpened] += 3 * scanned;
                    s[(int)BehaviourSignal.DnsQueries] += Draw.Poisson(random, 1 + (10 * squared));
                    break;
                case ThreatClass.Exfiltration:
                    s[(int)BehaviourSignal.EgressBytes] += Math.Round(behaviour.MeanEgressBytes * (1 + (15 * squared)) * Draw.LogNormal(random, 0.2));
                    s[(int)BehaviourSignal.DistinctDestinations] += 1;
                    s[(int)BehaviourSignal.ConnectionsOpened] += Draw.Poisson(random, 2);
                    break;
                case ThreatClass.CryptoMining:
                    cpu[sample] = Math.Min(1, cpu[sample] + 0.12 + (0.6 * intensity));
                    s[(int)BehaviourSignal.ConnectionsOpened] += Draw.Poisson(random, 1 + (3 * intensity));
                    s[(int)BehaviourSignal.DistinctDestinations] += 1;
                    s[(int)BehaviourSignal.DnsQueries] += Draw.Poisson(random, 1 + (4 * intensity));
                    s[(int)BehaviourSignal.EgressBytes] += Math.Round(5e4 * Draw.LogNormal(random, 0.3));
                    break;
                default:
                    s[(int)BehaviourSignal.PrivilegedProcessStarts] += Draw.Poisson(random, 1 + (12 * squared));
                    s[(int)BehaviourSignal.AuthFailures] += Draw.Poisson(random, 0.3);
                    cpu[sample] = Math.Min(1, cpu[sample] + 0.03);
                    break;
            }
        }

        return new AttackEpisode(entity, attack, start, length, intensity);
    }

    private static Span<double> Row(double[] signals, int sample) =>
        signals.AsSpan(sample * BehaviourSignals.Count, BehaviourSignals.Count);
}
