# One fit of each kind (ecs-capacity.md §1-§3), each cluster on its own Auto Scaling group.

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

locals {
  # cluster => instance type of its launch template (mixed has overrides instead).
  clusters = {
    general = "c5.xlarge"
    gpu     = "g4dn.xlarge"
    mixed   = "m5.large"
    unknown = "x9z.mega"
  }
}

resource "aws_ecs_cluster" "this" {
  for_each = local.clusters
  name     = each.key
}

# general: ECS_RESERVED_MEMORY=512 in user data rendered by templatefile.
resource "aws_launch_template" "this" {
  for_each      = local.clusters
  name_prefix   = "${each.key}-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = each.value
  user_data = base64encode(templatefile("${path.module}/user_data.sh.tpl", {
    cluster      = each.key
    reserved_mib = each.key == "general" ? 512 : 0
  }))
}

resource "aws_autoscaling_group" "plain" {
  for_each            = { for k, v in local.clusters : k => v if k != "mixed" }
  name                = each.key
  min_size            = 1
  max_size            = 3
  vpc_zone_identifier = [aws_subnet.a.id]

  launch_template {
    id      = aws_launch_template.this[each.key].id
    version = "$Latest"
  }
}

# mixed: m5.large and m5.2xlarge; the guarantee is the smaller one's.
resource "aws_autoscaling_group" "mixed" {
  name                = "mixed"
  min_size            = 1
  max_size            = 4
  vpc_zone_identifier = [aws_subnet.a.id]

  mixed_instances_policy {
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.this["mixed"].id
        version            = "$Latest"
      }
      override {
        instance_type = "m5.2xlarge"
      }
      override {
        instance_type = "m5.large"
      }
    }
  }
}

resource "aws_ecs_capacity_provider" "this" {
  for_each = local.clusters
  name     = each.key

  auto_scaling_group_provider {
    auto_scaling_group_arn = each.key == "mixed" ? aws_autoscaling_group.mixed.arn : aws_autoscaling_group.plain[each.key].arn
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  for_each           = local.clusters
  cluster_name       = aws_ecs_cluster.this[each.key].name
  capacity_providers = [aws_ecs_capacity_provider.this[each.key].name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this[each.key].name
    weight            = 1
  }
}

# general: a log agent on every instance takes 128 CPU units and 256 MiB first.
resource "aws_ecs_task_definition" "agent" {
  family = "agent"
  container_definitions = jsonencode([{
    name      = "agent"
    image     = "example/agent:1"
    essential = true
    cpu       = 128
    memory    = 256
  }])
}

resource "aws_ecs_service" "agent" {
  name                = "agent"
  cluster             = aws_ecs_cluster.this["general"].id
  task_definition     = aws_ecs_task_definition.agent.arn
  scheduling_strategy = "DAEMON"
  launch_type         = "EC2"
}

# CPU from the containers' sum: 512 + 512 units; (4,096 - 128) / 1,024 = 3 per instance.
resource "aws_ecs_task_definition" "cpu_bound" {
  family       = "cpu-bound"
  network_mode = "bridge"
  container_definitions = jsonencode([
    { name = "app", image = "example/app:1", essential = true, cpu = 512, memory = 256 },
    { name = "sidecar", image = "example/sidecar:1", essential = true, cpu = 512, memoryReservation = 256 },
  ])
}

resource "aws_ecs_service" "cpu_bound" {
  name            = "cpu-bound"
  cluster         = aws_ecs_cluster.this["general"].id
  task_definition = aws_ecs_task_definition.cpu_bound.arn
  desired_count   = 2
}

# Memory at task level, "2 GB" = 2,048 MiB: (8,192 x 95 % - 512 - 256) / 2,048 = 3 per instance.
resource "aws_ecs_task_definition" "mem_bound" {
  family       = "mem-bound"
  network_mode = "bridge"
  cpu          = "256"
  memory       = "2 GB"
  container_definitions = jsonencode([{
    name      = "app"
    image     = "example/app:1"
    essential = true
  }])
}

resource "aws_ecs_service" "mem_bound" {
  name            = "mem-bound"
  cluster         = aws_ecs_cluster.this["general"].id
  task_definition = aws_ecs_task_definition.mem_bound.arn
  desired_count   = 2
}

# One GPU per task on a g4dn.xlarge (1 GPU): 1 per instance.
resource "aws_ecs_task_definition" "gpu" {
  family       = "gpu"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name                 = "infer"
    image                = "example/infer:1"
    essential            = true
    memory               = 4096
    resourceRequirements = [{ type = "GPU", value = "1" }]
  }])
}

resource "aws_ecs_service" "gpu" {
  name            = "gpu"
  cluster         = aws_ecs_cluster.this["gpu"].id
  task_definition = aws_ecs_task_definition.gpu.arn
  desired_count   = 1
}

# 3 GiB tasks: 2 per m5.large (the guarantee), 4 per m5.2xlarge.
resource "aws_ecs_task_definition" "mixed" {
  family       = "mixed"
  network_mode = "bridge"
  cpu          = "512"
  memory       = "3072"
  container_definitions = jsonencode([{
    name      = "app"
    image     = "example/app:1"
    essential = true
  }])
}

resource "aws_ecs_service" "mixed" {
  name            = "mixed"
  cluster         = aws_ecs_cluster.this["mixed"].id
  task_definition = aws_ecs_task_definition.mixed.arn
  desired_count   = 2
}

# An instance type ecsnet does not know: CPU and memory per instance are unknown.
resource "aws_ecs_service" "unknown" {
  name            = "unknown"
  cluster         = aws_ecs_cluster.this["unknown"].id
  task_definition = aws_ecs_task_definition.mixed.arn
  desired_count   = 1
}
