using NUnit.Framework;

namespace Tested.Nu;

public class SumsTests
{
    [Test]
    public void SumsNothingToZero() => Assert.That(Sums.Of(), Is.EqualTo(0));

    [TestCase(1, 2, 3)]
    [TestCase(-1, 1, 0)]
    public void SumsPairs(int a, int b, int sum) => Assert.That(Sums.Of(a, b), Is.EqualTo(sum));
}
