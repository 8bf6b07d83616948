#!/bin/bash
cat >> /etc/ecs/ecs.config <<CONFIG
ECS_CLUSTER=${cluster}
ECS_RESERVED_MEMORY=${reserved_mib}
CONFIG
