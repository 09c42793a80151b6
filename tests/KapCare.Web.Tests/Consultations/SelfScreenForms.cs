using System.Globalization;

namespace KapCare.Web.Tests.Consultations;

/// <summary>The self-screen form as a browser posts it. It only arranges inputs; expected values are written in the tests.</summary>
internal static class SelfScreenForms
{
    /// <summary>GAD-7 item scores in item order, yes/no answers by question id (typical: no contraindication, two treatments), self-harm 0–3.</summary>
    public static Dictionary<string, string> Answers(int[] gad7, int selfHarm = 0, params (string Id, string Answer)[] changes)
    {
        var form = new Dictionary<string, string>();
        for (var i = 0; i < gad7.Length; i++) form[$"gad7[{(i + 1).ToString(CultureInfo.InvariantCulture)}]"] = gad7[i].ToString(CultureInfo.InvariantCulture);
        foreach (var id in new[] { "psychosis", "bipolar", "brain-vessels", "pregnancy", "heart", "substance-use" }) form[$"q[{id}]"] = "No";
        form["q[prior-treatments]"] = "Yes";
        foreach (var (id, answer) in changes) form[$"q[{id}]"] = answer;
        form["selfharm"] = selfHarm.ToString(CultureInfo.InvariantCulture);
        return form;
    }

    public static Dictionary<string, string> WithRequest(Dictionary<string, string> answers, string name = "Maria José Santos", string? email = "maria.santos@example.com",
        string? phone = "+1 312 555 0188", bool agree = true, string? honeypot = null, params string[] times)
    {
        var form = new Dictionary<string, string>(answers) { ["Input.Name"] = name };
        if (email is not null) form["Input.Email"] = email;
        if (phone is not null) form["Input.Phone"] = phone;
        if (agree) form["Input.Agree"] = "true";
        if (honeypot is not null) form["Input.Website"] = honeypot;
        // One value per key in a dictionary: the tests choose at most one listed time; the rest go under "other".
        if (times.Length > 0) form["Input.Times"] = times[0];
        if (times.Length > 1) form["Input.OtherTimes"] = string.Join(", ", times.Skip(1));
        return form;
    }
}
