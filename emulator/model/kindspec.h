#pragma once

#include "linkkind.h"
#include "nodekind.h"
#include "propertyspec.h"

#include <QList>

namespace infrastage {

// Where a node of a kind may stand.
enum class Placement {
    Host,      // only at top level (no parent)
    Component, // only inside a server
    Either,    // at top level or inside a server
};

// Everything the model knows about a node kind: where it may stand and its properties.
struct NodeKindSpec {
    NodeKind kind;
    Placement placement = Placement::Host;
    bool needsAddress = false; // a host of this kind must have a design IP ("ip")
    QList<PropertySpec> properties;

    const PropertySpec *property(const QString &key) const;
};

// Everything the model knows about a link kind: its properties.
struct LinkKindSpec {
    LinkKind kind;
    QList<PropertySpec> properties;

    const PropertySpec *property(const QString &key) const;
};

const NodeKindSpec &nodeKindSpec(NodeKind kind);
const LinkKindSpec &linkKindSpec(LinkKind kind);
const QList<NodeKind> &allNodeKinds();
const QList<LinkKind> &allLinkKinds();

// Whether a link of `kind` may go from a node of kind `from` to one of kind `to`.
bool linkAllowed(LinkKind kind, NodeKind from, NodeKind to);
// The link kind that follows from the two ends (LB -> server = backend, ...), if any.
bool inferLinkKind(NodeKind from, NodeKind to, LinkKind *kind);

} // namespace infrastage
