#!/bin/bash
echo ECS_CLUSTER=main >> /etc/ecs/ecs.config
echo ECS_RESERVED_MEMORY=128 >> /etc/ecs/ecs.config
