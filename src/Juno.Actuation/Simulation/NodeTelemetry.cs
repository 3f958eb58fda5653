namespace Juno.Actuation.Simulation;

/// <summary>One reading of a simulated node: CPU and memory as shares of its allocatable capacity.</summary>
public readonly record struct NodeTelemetry(double Cpu, double Memory, bool Unschedulable);
