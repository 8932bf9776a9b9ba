#include "loadbalancereditor.h"

#include "commands/designeditor.h"
#include "model/kindspec.h"
#include "propertyfield.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

namespace infrastage::gui {

LoadBalancerEditor::LoadBalancerEditor(DesignEditor *editor, QWidget *parent)
    : NodeEditor(NodeKind::LoadBalancer, editor, parent) {
    auto keys = [](std::initializer_list<const char *> list) {
        QStringList out;
        for (const char *k : list)
            out.append(QString::fromLatin1(k));
        return out;
    };
    build({{tr("Address"), keys({"ip", "vip", "priority"})},
           {tr("Balancing"), keys({"mode", "port", "algorithm", "retries", "redispatch"})},
           {tr("Health check"), keys({"check_path", "check_inter", "check_fall", "check_rise"})},
           {tr("HTTPS"), keys({"tls", "tls_port", "redirect_http"})},
           {tr("Timeouts"), keys({"timeout_connect", "timeout_client", "timeout_http_request",
                                  "timeout_server", "timeout_queue"})},
           {tr("Overload"), keys({"maxconn"})},
           {tr("Statistics"), keys({"stats", "stats_port"})}});
    m_backends = new QGroupBox(tr("Backends"), this);
    new QFormLayout(m_backends);
    extrasLayout()->addWidget(m_backends);
}

void LoadBalancerEditor::setNode(const Node &node) {
    NodeEditor::setNode(node);
    rebuildBackends();
}

void LoadBalancerEditor::rebuildBackends() {
    const TopologyData &data = designEditor()->data();
    QStringList links;
    for (const Link *l : data.linksFrom(nodeId())) {
        if (l->kind == LinkKind::Backend)
            links.append(l->id);
    }
    auto *form = static_cast<QFormLayout *>(m_backends->layout());
    if (links != m_backendLinks) {
        while (form->rowCount() > 0)
            form->removeRow(0);
        m_backendLinks = links;
        const LinkKindSpec &spec = linkKindSpec(LinkKind::Backend);
        for (const QString &id : links) {
            const Link *l = data.link(id);
            const Node *target = data.node(l->to);
            const Node *host = target ? data.host(*target) : nullptr;
            auto *row = new QWidget(m_backends);
            auto *h = new QHBoxLayout(row);
            h->setContentsMargins(0, 0, 0, 0);
            for (const char *key : {"weight", "backup", "maxconn"}) {
                auto *field = new PropertyField(*spec.property(QString::fromLatin1(key)), row);
                field->setObjectName(id + QLatin1Char('/') + QString::fromLatin1(key));
                h->addWidget(new QLabel(spec.property(QString::fromLatin1(key))->label, row));
                h->addWidget(field, 1);
                connect(
                    field, &PropertyField::edited, this, [this, field, id, key](const QVariant &v) {
                        QString error;
                        designEditor()->setLinkProperty(id, QString::fromLatin1(key), v, &error);
                        field->setError(error);
                    });
            }
            form->addRow(host ? host->name : l->to, row);
        }
    }
    for (PropertyField *field : m_backends->findChildren<PropertyField *>()) {
        const QStringList parts = field->objectName().split(QLatin1Char('/'));
        if (const Link *l = data.link(parts.value(0)))
            field->setValue(l->properties.value(parts.value(1)));
    }
    m_backends->setVisible(!links.isEmpty());
}

} // namespace infrastage::gui
