using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>networking.k8s.io/v1 NetworkPolicy, with the validation the real server applies to what the actuator
/// sends: a pod selector is required and policyTypes only name Ingress or Egress.</summary>
internal sealed class NetworkPolicyView : ResourceView
{
    public static readonly NetworkPolicyView Instance = new();

    public override string Resource => "networkpolicies";

    public override string Group => "networking.k8s.io";

    public override string Kind => "NetworkPolicy";

    public override string KindGroup => "networking.k8s.io";

    public override FieldError? Validate(JsonObject desired)
    {
        if (desired["spec"]?["podSelector"] is not JsonObject)
        {
            return new FieldError("spec.podSelector", "null", "Required value");
        }

        if (desired["spec"]?["policyTypes"] is JsonArray types)
        {
            foreach (var type in types)
            {
                var value = (string?)type;
                if (value is not ("Ingress" or "Egress"))
                {
                    return new FieldError("spec.policyTypes", $"\"{value}\"", "supported values: \"Ingress\", \"Egress\"");
                }
            }
        }

        return null;
    }

    public override JsonObject Merge(JsonObject stored, JsonObject desired) => KeepServerFields(stored, desired);
}
