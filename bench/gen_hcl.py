#!/usr/bin/env python3
"""Writes a large Terraform monorepo for benchmarking ecsnet's HCL front end.

At --scale 1 (the default): 200 directories (100 roots under envs/, 100 local modules
under modules/), 2,000 `.tf` files (10 per directory) and 1,000 ECS services (per root:
5 written directly with `jsonencode` container definitions, and 5 from a module called
with `for_each`). The other files hold variables, locals, outputs and unrelated resources,
as real repositories do. --scale N multiplies the number of roots and modules by N.

Analyze it with: ecsnet 'OUT/envs/*/'

Usage: bench/gen_hcl.py OUT_DIR [--scale N]
"""

import os
import sys

ROOTS = 100
FILES_PER_DIR = 10
DIRECT = 5
VIA_MODULE = 5


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def filler(kind, n):
    """An unrelated resource, varied like a real repository."""
    if kind % 4 == 0:
        return f'''resource "aws_s3_bucket" "b{n}" {{
  bucket = "bucket-${{var.env}}-{n}"
  tags   = merge(local.tags, {{ n = "{n}" }})
}}
'''
    if kind % 4 == 1:
        return f'''resource "aws_iam_role_policy" "p{n}" {{
  name = "policy-{n}"
  role = "role-{n % 7}"
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "arn:aws:s3:::bucket-${{var.env}}-{n}/*"
    }}]
  }})
}}
'''
    if kind % 4 == 2:
        return f'''resource "aws_cloudwatch_log_group" "l{n}" {{
  name              = "/ecs/${{var.env}}/{n}"
  retention_in_days = var.retention
  tags              = local.tags
}}
'''
    return f'''resource "aws_route53_record" "r{n}" {{
  zone_id = "Z0123456789ABCDEFGHIJ"
  name    = "host-{n}.${{var.env}}.example.com"
  type    = "A"
  ttl     = 300
  records = ["10.0.{n % 250}.{n % 7}"]
}}
'''


def module_files(m):
    files = {}
    files["variables.tf"] = '''variable "env" {
  type = string
}

variable "cluster_id" {
  type = string
}

variable "retention" {
  type    = number
  default = 30
}

variable "services" {
  type = map(object({
    image = string
    port  = number
    mode  = string
  }))
}
'''
    files["locals.tf"] = '''locals {
  tags = {
    env    = var.env
    module = "%s"
  }
  fargate = { for k, v in var.services : k => v.mode == "awsvpc" }
}
''' % f"m{m:03d}"
    files["main.tf"] = '''resource "aws_ecs_task_definition" "this" {
  for_each                 = var.services
  family                   = "${var.env}-${each.key}"
  network_mode             = each.value.mode
  requires_compatibilities = local.fargate[each.key] ? ["FARGATE"] : ["EC2"]
  cpu                      = local.fargate[each.key] ? "512" : null
  memory                   = local.fargate[each.key] ? "1024" : null

  container_definitions = jsonencode([
    {
      name      = each.key
      image     = each.value.image
      essential = true
      memory    = 512
      portMappings = [
        {
          containerPort = each.value.port
          hostPort      = each.value.mode == "bridge" ? 0 : each.value.port
          protocol      = "tcp"
        }
      ]
      environment = [
        { name = "ENV", value = var.env },
        { name = "SERVICE", value = each.key },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = "/ecs/${var.env}/${each.key}"
          awslogs-region        = "eu-west-1"
          awslogs-stream-prefix = "ecs"
        }
      }
    }
  ])
}

resource "aws_ecs_service" "this" {
  for_each        = var.services
  name            = each.key
  cluster         = var.cluster_id
  task_definition = aws_ecs_task_definition.this[each.key].arn
  desired_count   = 2
  launch_type     = local.fargate[each.key] ? "FARGATE" : "EC2"

  dynamic "network_configuration" {
    for_each = local.fargate[each.key] ? [1] : []
    content {
      subnets         = ["subnet-0123456789abcdef0"]
      security_groups = ["sg-0123456789abcdef0"]
    }
  }
}
'''
    files["outputs.tf"] = '''output "service_names" {
  value = [for s in aws_ecs_service.this : s.name]
}

output "task_definition_arns" {
  value = { for k, td in aws_ecs_task_definition.this : k => td.arn }
}
'''
    for i in range(FILES_PER_DIR - len(files)):
        files[f"extra_{i}.tf"] = "".join(filler(i + j, m * 100 + i * 10 + j) for j in range(3))
    return files


def root_files(r, module_rel):
    files = {}
    files["versions.tf"] = '''terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}
'''
    files["providers.tf"] = '''provider "aws" {
  region = "eu-west-1"
}
'''
    files["variables.tf"] = f'''variable "env" {{
  type    = string
  default = "env{r:03d}"
}}

variable "retention" {{
  type    = number
  default = 14
}}

variable "image_tag" {{
  type    = string
  default = "1.{r}.0"
}}
'''
    svc_map = "\n".join(
        f'''    m{i} = {{
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/m{i}:${{var.image_tag}}"
      port  = {8000 + i}
      mode  = "{"awsvpc" if i % 2 == 0 else "bridge"}"
    }}'''
        for i in range(VIA_MODULE)
    )
    files["locals.tf"] = f'''locals {{
  tags = {{
    env  = var.env
    root = "env{r:03d}"
  }}
  module_services = {{
{svc_map}
  }}
}}
'''
    files["cluster.tf"] = '''resource "aws_ecs_cluster" "main" {
  name = "${var.env}-main"
}
'''
    files["modules.tf"] = f'''module "services" {{
  source     = "{module_rel}"
  env        = var.env
  cluster_id = aws_ecs_cluster.main.id
  retention  = var.retention
  services   = local.module_services
}}
'''
    direct = []
    for i in range(DIRECT):
        bridge = i % 2 == 1
        mode = "bridge" if bridge else "awsvpc"
        host = "0" if bridge else str(9000 + i)
        net = "" if bridge else '''
  network_configuration {
    subnets         = ["subnet-0123456789abcdef0"]
    security_groups = ["sg-0123456789abcdef0"]
  }
'''
        direct.append(f'''resource "aws_ecs_task_definition" "d{i}" {{
  family       = "${{var.env}}-d{i}"
  network_mode = "{mode}"
  container_definitions = jsonencode([
    {{
      name      = "d{i}"
      image     = "nginx:${{var.image_tag}}"
      essential = true
      memory    = 256
      portMappings = [{{ containerPort = {9000 + i}, hostPort = {host}, protocol = "tcp" }}]
    }}
  ])
}}

resource "aws_ecs_service" "d{i}" {{
  name            = "d{i}"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.d{i}.arn
  desired_count   = 2
  launch_type     = "{"EC2" if bridge else "FARGATE"}"
{net}}}
''')
    files["services.tf"] = "\n".join(direct)
    files["outputs.tf"] = '''output "cluster" {
  value = aws_ecs_cluster.main.arn
}

output "services" {
  value = module.services.service_names
}
'''
    for i in range(FILES_PER_DIR - len(files)):
        files[f"extra_{i}.tf"] = "".join(filler(i + j, r * 100 + i * 10 + j) for j in range(3))
    return files


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    scale = 1
    if "--scale" in sys.argv:
        scale = int(sys.argv[sys.argv.index("--scale") + 1])
    roots = ROOTS * scale
    nfiles = 0
    # A monorepo is a git work tree: ecsnet confines module sources to it.
    os.makedirs(os.path.join(out, ".git"), exist_ok=True)
    for r in range(roots):
        for name, text in module_files(r).items():
            write(os.path.join(out, "modules", f"m{r:03d}", name), text)
            nfiles += 1
        for name, text in root_files(r, f"../../modules/m{r:03d}").items():
            write(os.path.join(out, "envs", f"env{r:03d}", name), text)
            nfiles += 1
    print(
        f"{out}: {2 * roots} directories, {nfiles} .tf files, "
        f"{roots * (DIRECT + VIA_MODULE)} services",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
