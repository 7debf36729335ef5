namespace Tested.Ms;

[TestClass]
public class ProductsTests
{
    [TestMethod]
    public void MultipliesNothingToOne() => Assert.AreEqual(1, Products.Of());

    [TestMethod]
    [DataRow(2, 3, 6)]
    [DataRow(0, 5, 0)]
    public void MultipliesPairs(int a, int b, int product) => Assert.AreEqual(product, Products.Of(a, b));
}
