/**
 * Slotwise's own lint rules: the data-access boundaries that are about code, not imports
 * (imports are checked by dependency-cruiser, .dependency-cruiser.cjs). eslint.config.js says
 * which files each rule applies to.
 */

/** The members of AppDeps that reach the database. */
const DATA_KEYS = new Set(['db', 'dbIncludingDeleted', 'prisma', 'pool', 'sql']);
const DEPS_TYPES = new Set(['AppDeps', 'BaseDeps']);

const isDepsObject = (node) =>
  (node.type === 'Identifier' && /^deps$|Deps$/.test(node.name)) ||
  (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.property.name === 'deps');

const keyName = (property) =>
  property.type === 'Property' && !property.computed
    ? property.key.type === 'Identifier'
      ? property.key.name
      : property.key.type === 'Literal'
        ? String(property.key.value)
        : null
    : null;

/**
 * `deps.db`, `this.deps.prisma`, `const { db } = deps`, `function f({ db }: Pick<AppDeps, 'db'>)`.
 * Naming the key in a type (`Pick<AppDeps, 'db'>`) is fine: a service hands its deps to its repo.
 */
const noDataAccessOutsideRepos = {
  meta: {
    type: 'problem',
    docs: { description: 'Only *.repo.ts files and platform/ touch deps.db, deps.dbIncludingDeleted, deps.prisma, deps.pool or deps.sql.' },
    schema: [],
    messages: {
      access: "'{{name}}' reaches the database: only *.repo.ts files and platform/ use it. Call a repository function (or a platform helper) instead.",
    },
  },
  create(context) {
    const report = (node, name) => context.report({ node, messageId: 'access', data: { name } });
    // With type information, any alias of the deps bag counts: the member is declared in platform/deps.ts.
    const services = context.sourceCode.parserServices;
    const checker = services?.program?.getTypeChecker();
    const declaredInDeps = (node) => {
      if (!checker) return false;
      const symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(node));
      return symbol?.declarations?.some((d) => /platform[\\/]deps\.ts$/.test(d.getSourceFile().fileName)) ?? false;
    };
    const checkPattern = (pattern, force) => {
      if (pattern?.type !== 'ObjectPattern') return;
      for (const property of pattern.properties) {
        const name = keyName(property);
        if (name && DATA_KEYS.has(name) && (force || declaredInDeps(property.key))) report(property, name);
      }
    };
    const isFunction = (node) => /Function/.test(node.type);
    return {
      MemberExpression(node) {
        if (node.computed || node.property.type !== 'Identifier' || !DATA_KEYS.has(node.property.name)) return;
        if (isDepsObject(node.object) || declaredInDeps(node.property)) report(node, `deps.${node.property.name}`);
      },
      VariableDeclarator(node) {
        if (node.init) checkPattern(node.id, isDepsObject(node.init));
      },
      // A destructured deps parameter: `({ db, audit }: AppDeps) => …`, typed as the deps bag or a Pick of it.
      ObjectPattern(node) {
        const parent = node.parent;
        const isParam = isFunction(parent) || (parent.type === 'AssignmentPattern' && isFunction(parent.parent));
        if (!isParam) return;
        const annotation = node.typeAnnotation?.typeAnnotation;
        checkPattern(node, annotation ? mentionsDepsType(annotation) : false);
      },
    };
  },
};

function mentionsDepsType(type) {
  if (type.type === 'TSTypeReference') {
    if (type.typeName.type === 'Identifier' && DEPS_TYPES.has(type.typeName.name)) return true;
    const args = (type.typeArguments ?? type.typeParameters)?.params ?? [];
    return args.some(mentionsDepsType);
  }
  if (type.type === 'TSIntersectionType' || type.type === 'TSUnionType') return type.types.some(mentionsDepsType);
  return false;
}

/** The name a function is known by: its own, the variable, property or method it is assigned to. */
function functionName(node) {
  if (node.id?.type === 'Identifier') return node.id.name;
  const parent = node.parent;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && !parent.computed)
    return parent.key.type === 'Identifier' ? parent.key.name : parent.key.type === 'Literal' ? String(parent.key.value) : null;
  if (parent.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression' && !parent.left.computed) return parent.left.property.name ?? null;
  return null;
}

/**
 * In a repository, the raw (not tenant-scoped) client `prisma` is used only inside functions
 * named `unsafe…`: a cross-tenant read is visible where it is called.
 */
const rawClientOnlyInUnsafe = {
  meta: {
    type: 'problem',
    docs: { description: 'The raw Prisma client (deps.prisma / prisma) is used only inside functions named unsafe….' },
    schema: [],
    messages: {
      raw: "The raw client 'prisma' reads across tenants: use it only inside a function named unsafe… (or use the tenant-scoped db).",
    },
  },
  create(context) {
    const insideUnsafe = (node) => {
      for (let current = node.parent; current; current = current.parent) {
        if (/Function/.test(current.type) && /^unsafe/.test(functionName(current) ?? '')) return true;
      }
      return false;
    };
    const check = (node) => {
      if (!insideUnsafe(node)) context.report({ node, messageId: 'raw' });
    };
    return {
      // deps.prisma / this.deps.prisma
      MemberExpression(node) {
        if (!node.computed && node.property.type === 'Identifier' && node.property.name === 'prisma') check(node);
      },
      // a destructured or imported `prisma` used as a value
      'Program:exit'(program) {
        const seen = new Set();
        const visit = (scope) => {
          for (const reference of scope.references) {
            if (reference.identifier.name !== 'prisma' || !reference.isRead() || reference.isTypeReference) continue;
            if (seen.has(reference.identifier)) continue;
            seen.add(reference.identifier);
            check(reference.identifier);
          }
          scope.childScopes.forEach(visit);
        };
        visit(context.sourceCode.getScope(program));
      },
    };
  },
};

export default {
  meta: { name: 'slotwise' },
  rules: {
    'no-data-access-outside-repos': noDataAccessOutsideRepos,
    'raw-client-only-in-unsafe': rawClientOnlyInUnsafe,
  },
};
