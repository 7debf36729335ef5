using Crossbuild.Load;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Crossbuild.Tests.Support;

/// <summary>
/// The same facts as the load stage's scanner, computed from a full Roslyn syntax tree. Tests use it as an oracle.
/// </summary>
public static class RoslynFacts
{
    /// <summary>Extracts the facts from a parsed file.</summary>
    public static SourceFacts Of(SyntaxTree tree)
    {
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var walker = new Walker();
        walker.Visit(root);
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        for (var d = root.ContainsDirectives ? root.GetFirstDirective() : null; d is not null; d = d.GetNextDirective())
        {
            var condition = d switch
            {
                IfDirectiveTriviaSyntax i => i.Condition,
                ElifDirectiveTriviaSyntax e => e.Condition,
                _ => null,
            };
            if (condition is null) continue;
            foreach (var id in condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                symbols.Add(id.Identifier.ValueText);
        }
        return new SourceFacts(walker.Declared.ToArray(), walker.Uses, walker.HasEntryPoint, symbols.ToArray());
    }

    private sealed class Walker() : CSharpSyntaxWalker(SyntaxWalkerDepth.Node)
    {
        public readonly SortedSet<string> Declared = new(StringComparer.Ordinal);
        public readonly List<NameUse> Uses = [];
        public bool HasEntryPoint;
        private string _context = "";

        public override void VisitGlobalStatement(GlobalStatementSyntax node)
        {
            HasEntryPoint = true;
            base.VisitGlobalStatement(node);
        }

        public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            if (node.Identifier.ValueText == "Main" && node.Modifiers.Any(SyntaxKind.StaticKeyword))
                HasEntryPoint = true;
            base.VisitMethodDeclaration(node);
        }

        public override void VisitNamespaceDeclaration(NamespaceDeclarationSyntax node) =>
            InNamespace(node.Name, () => base.VisitNamespaceDeclaration(node));

        public override void VisitFileScopedNamespaceDeclaration(FileScopedNamespaceDeclarationSyntax node) =>
            InNamespace(node.Name, () => base.VisitFileScopedNamespaceDeclaration(node));

        private void InNamespace(NameSyntax name, Action visit)
        {
            var saved = _context;
            var full = Dotted(name);
            if (full is not null)
            {
                _context = saved.Length == 0 ? full : saved + "." + full;
                Declared.Add(_context);
            }
            // The namespace's own name is a declaration, not a use: visit only the members.
            visit();
            _context = saved;
        }

        public override void VisitUsingDirective(UsingDirectiveSyntax node)
        {
            if (node.NamespaceOrType is NameSyntax name && Dotted(name) is { } dotted)
                Uses.Add(new NameUse(_context, dotted));
            else
                base.VisitUsingDirective(node);
        }

        public override void VisitQualifiedName(QualifiedNameSyntax node)
        {
            if (node.Parent is NamespaceDeclarationSyntax or FileScopedNamespaceDeclarationSyntax) return;
            if (Dotted(node) is { } dotted)
                Uses.Add(new NameUse(_context, dotted));
            // Generic arguments may name more types.
            foreach (var g in node.DescendantNodes().OfType<TypeArgumentListSyntax>())
                Visit(g);
        }

        public override void VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
        {
            if (node.Parent is not MemberAccessExpressionSyntax parent || parent.Expression != node)
                if (DottedExpression(node) is { } dotted)
                    Uses.Add(new NameUse(_context, dotted));
            base.VisitMemberAccessExpression(node);
        }

        private static string? Dotted(NameSyntax name) => name switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            GenericNameSyntax g => g.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Alias.Identifier.IsKind(SyntaxKind.GlobalKeyword) ? Dotted(a.Name) : null,
            QualifiedNameSyntax q => Dotted(q.Left) is { } left ? left + "." + q.Right.Identifier.ValueText : null,
            _ => null,
        };

        private static string? DottedExpression(ExpressionSyntax e) => e switch
        {
            SimpleNameSyntax s => s.Identifier.ValueText,
            AliasQualifiedNameSyntax a => Dotted(a),
            MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } m =>
                DottedExpression(m.Expression) is { } left ? left + "." + m.Name.Identifier.ValueText : null,
            _ => null,
        };
    }
}
