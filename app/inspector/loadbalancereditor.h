#pragma once

#include "nodeeditor.h"

namespace infrastage::gui {

// Inspector form for a load balancer: address and virtual IP, algorithm, health check, TLS,
// timeouts, and the weight of each backend.
class LoadBalancerEditor final : public NodeEditor {
    Q_OBJECT

public:
    explicit LoadBalancerEditor(DesignEditor *editor, QWidget *parent = nullptr);
    void setNode(const Node &node) override;

private:
    void rebuildBackends();

    QWidget *m_backends = nullptr;
    QStringList m_backendLinks; // shown now, to rebuild only when they change
};

} // namespace infrastage::gui
